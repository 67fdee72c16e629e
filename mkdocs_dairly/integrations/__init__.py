"""The one door to private MkDocs and Material internals (see ``door``)."""
