"""mkdocs-dairly: a daily reading log, one Markdown file a day, as a Material for MkDocs site."""

__version__ = "0.1.0"
