"""The loading screen: crates scanned onto their van, departures, transfers between depots."""
