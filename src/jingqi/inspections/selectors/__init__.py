"""Read queries for the inspection pages, the API and the ledger, one module per area."""
