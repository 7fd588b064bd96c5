"""The party-branch cycle of seed 001: policies, services (writes), selectors (reads), compliance arithmetic."""
