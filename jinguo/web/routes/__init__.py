"""Route lists of the larger modules, one file per area, combined under one namespace in web/urls.py."""
