"""Pure business rules: ID numbers and phones, the business catalog, working days. No database, no Qt."""
