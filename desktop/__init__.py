"""微站前台 core: everything below this package is free of Qt (see the import contract in pyproject.toml)."""

__version__ = "0.1.0"
APP_NAME = "microstation"
APP_TITLE = "微派出所前台受理系统"
