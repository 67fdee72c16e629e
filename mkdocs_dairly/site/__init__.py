"""Site rendering: cards, overviews, navigation, feed and calendar (no MkDocs here)."""
