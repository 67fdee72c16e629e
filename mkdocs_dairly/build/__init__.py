"""One build of the site with MkDocs: what each of the plugin's hooks delegates to."""
