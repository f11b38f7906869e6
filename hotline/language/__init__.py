"""What citizens write: normalised text, places, time expressions and identifiers (phone, ID, order number)."""
