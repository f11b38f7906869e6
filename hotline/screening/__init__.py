"""The screening gate: emergencies, statutory routes, abuse and civility, messages without substance;
and what acting on a verdict means (records, linkage hand-over, blocks)."""
