"""EcoEco: tells households in Korea how to dispose of each item of waste."""

__version__ = "0.1.0"
