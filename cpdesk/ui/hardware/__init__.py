"""The devices as the screens see them (`DeviceHub`), the real and demo hubs, their settings."""
