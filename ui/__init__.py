"""Everything a person sees (PySide6). Imports `desktop`; the core never imports this package."""
