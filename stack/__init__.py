"""Starting and stopping the hotline's processes: used by `make run` and by the integration tests."""
