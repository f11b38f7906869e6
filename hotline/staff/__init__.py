"""The people who handle work orders: their tokens and roles, what each role may see, the audit trail."""
