"""The notes model: day notes read and validated into plain data (no MkDocs here)."""
