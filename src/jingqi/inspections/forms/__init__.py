"""Form validation for the inspection pages, one module per area (the services do the checking that matters)."""
