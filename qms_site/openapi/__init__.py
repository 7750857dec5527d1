"""The OpenAPI description of the headless API, and the pages that serve it."""
