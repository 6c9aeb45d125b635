"""The webclient's views: one module per resource."""
