"""hotline: the 12345 hotline's rules and records, plain Python with no Rasa inside."""
