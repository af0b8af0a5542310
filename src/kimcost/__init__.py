"""kimcost: cost allocation for case managers shared under NRW's Kommunales Integrationsmanagement."""

__version__ = "0.1.0"
