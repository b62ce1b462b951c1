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
    wedge.from_us_on_azerty (US-layout scanner on AZERTY), serial_scanner.SerialScanner
Printers (what is printed arrives rendered, as bytes or PDF, from cpdesk.documents)
    printer_kinds.KINDS["escpos"|"zpl"|"pdf"] → PrinterKind: its queue printer, station
        section, URL schemes, spool extension, status query; PrinterConfig(name, url, kind)
    print_queue.PrintQueue(job_store, {name: PrinterConfig}).start(); .enqueue(name, payload)
        (the jobs are kept by cpdesk.store.print_jobs.PrintJobStore)
    printers.send_payload(config, kind, payload, title); print_test_page(url, kind=, page=)
    printer_link.connect(url): tcp://, usb://, serial://, cups:// (raw), file://
    escpos_printer / zpl_printer: the status queries (DLE EOT, ~HS); cups: lpstat and lp
"""
