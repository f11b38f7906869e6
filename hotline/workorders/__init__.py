"""Work orders: the record, numbering, routing to a handling unit, SLA deadlines and the lifecycle."""
