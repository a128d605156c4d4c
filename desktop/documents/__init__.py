"""Printed documents (reportlab only, no Qt, no database): the page frame and its helpers, and the documents.

Each document module renders a frozen dataclass (built by a service from the database) to PDF bytes that are
byte-identical for identical data; it carries its own TEMPLATE_VERSION, stored with every printed copy.
"""
