"""Hardware: scales, barcode scanners, receipt and label printers. No Qt in here.

Scales
    transport.open_transport(url, LineSettings(...), timeout_s=...)   URL → pyserial port
    scales.PROTOCOLS["mt-sics"|"toledo-8217"|"toledo-continuous"|"cas"], get_protocol(name,
        request=, pattern=)  → ProtocolSpec (settings as data + parser factory)
    scales.Reading(weight_g: Decimal | None, unit, stable, net, overload, underload, raw)
    scale_service.ScaleReader(url=, protocol=, on_reading=, on_status=, on_raw=,
        legal_for_trade=).start()/stop()/tare()/zero()/capture(timeout_s) ; read_once(...)
    simulator.SimulatedScale(protocol, weight_g=...).serve_pty() | serve_tcp() → URL
Barcodes
    barcodes.parse_barcode(text, layout) → ScannedCode | BarcodeError(reason)
    barcode_lookup.lookup(engine, text, depot) → (ScannedCode, what it points to)
    wedge.from_us_on_azerty (US-layout scanner on AZERTY), serial_scanner.SerialScanner
Printers
    print_queue.PrintQueue(engine, {name: PrinterConfig}).start(); .enqueue(name, payload)
    escpos_printer / zpl: status and sending; what is printed comes from cpdesk.documents
    printers.print_test_page(url, kind=...)
"""
