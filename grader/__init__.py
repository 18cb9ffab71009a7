"""The grading engine: runs untrusted student code in a sandbox and compares it with PyTorch."""
