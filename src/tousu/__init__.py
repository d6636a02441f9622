"""tousu (投诉): consumer complaint platform."""
__version__ = "0.1.0"
