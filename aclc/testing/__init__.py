"""Test support that needs real switches (Open vSwitch in userspace)."""
