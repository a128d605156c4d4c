"""Use cases, one module per area. A service call is one transaction and one user action; it returns frozen
dataclasses (never live ORM objects) and raises only the errors of desktop.errors for the user to see."""
