"""Site rendering: cards, overviews, navigation, feed and calendar from the notes model (no MkDocs here)."""
