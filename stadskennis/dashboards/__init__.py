"""Dashboards of Stad in cijfers: tiles of figures per theme composed by editors, and a city's own."""
