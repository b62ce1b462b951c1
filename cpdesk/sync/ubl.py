"""A professional customer's delivered order as a Peppol BIS Billing 3.0 invoice (UBL 2.1).

Amounts are those of the delivery note (`cpdesk.sync.billing`): the payable amount is the
order's VAT-included total to the cent. Catalogue prices include VAT, UBL lines are net:
per VAT rate the net base is the rate's total less the VAT extracted once per rate (as on
the note), and that base is shared over the rate's lines by largest remainder, so the lines
sum exactly to the base of their rate (BR-S-08) and base + VAT = total. Lines delivered at
zero (short, substituted at no charge) are left out. The buyer's Peppol address is its
Belgian enterprise number (scheme 0208) taken from its VAT number.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdesk.domain.money import vat_breakdown
from cpdesk.errors import CpdeskError
from cpdesk.store import models as m

from .billing import BillingLine, BillingOrder, billing_orders

NS = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
PAYMENT_DAYS = 30


def _q(tag: str) -> str:
    prefix, _, name = tag.rpartition(":")
    return f"{{{NS[prefix]}}}{name}"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        e.text = text
    return e


def _money(parent: ET.Element, tag: str, cents: int) -> None:
    sign = "-" if cents < 0 else ""
    _el(parent, tag, f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}", currencyID="EUR")


def enterprise_number(vat: str) -> str:
    """BE0445678970 -> 0445678970 (the KBO/BCE number, Peppol scheme 0208)."""
    return vat[2:] if vat.startswith("BE") else vat


def _party(parent: ET.Element, tag: str, *, name: str, vat: str, street: str, city: str,
           postcode: str) -> None:
    party = _el(_el(parent, tag), "cac:Party")
    _el(party, "cbc:EndpointID", enterprise_number(vat), schemeID="0208")
    _el(_el(party, "cac:PartyName"), "cbc:Name", name)
    addr = _el(party, "cac:PostalAddress")
    _el(addr, "cbc:StreetName", street)
    if city:
        _el(addr, "cbc:CityName", city)
    if postcode:
        _el(addr, "cbc:PostalZone", postcode)
    _el(_el(addr, "cac:Country"), "cbc:IdentificationCode", "BE")
    tax = _el(party, "cac:PartyTaxScheme")
    _el(tax, "cbc:CompanyID", vat)
    _el(_el(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _el(party, "cac:PartyLegalEntity")
    _el(legal, "cbc:RegistrationName", name)
    _el(legal, "cbc:CompanyID", enterprise_number(vat), schemeID="0208")


def net_amounts(lines: list[BillingLine]) -> dict[int, int]:
    """line_no -> net amount: each rate's net base shared over its lines by largest
    remainder (exact shares amount x 100 / (100 + rate)), so they sum to the base."""
    out: dict[int, int] = {}
    for v in vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines):
        mine = [ln for ln in lines if ln.vat_pct == v.rate_pct]
        exact = {ln.line_no: Decimal(ln.amount_cents) * 100 / (100 + v.rate_pct) for ln in mine}
        floor = {k: int(x) for k, x in exact.items()}
        left = v.base_cents - sum(floor.values())
        for k in sorted(exact, key=lambda k: (floor[k] - exact[k], k))[:max(left, 0)]:
            floor[k] += 1
        out.update(floor)
    return out


def build_invoice(order: BillingOrder, *, seller: m.Coop, buyer: m.Customer) -> bytes:
    """The UBL 2.1 invoice XML of a packed order (see the module's docstring)."""
    if buyer.kind != "pro" or not buyer.vat_number:
        raise CpdeskError(f"order {order.number}: a UBL invoice is for a professional customer "
                          f"with a VAT number ({buyer.name} has none)")
    if not order.packed:
        raise CpdeskError(f"order {order.number} is not packed yet: nothing to invoice")
    if not seller.vat_number:
        raise CpdeskError(f"the cooperative {seller.name} has no VAT number")
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    lines = [ln for ln in order.lines if ln.amount_cents]
    nets = net_amounts(lines)
    vat = vat_breakdown((ln.vat_pct, ln.amount_cents) for ln in lines)
    inv = ET.Element(_q(":Invoice"))
    _el(inv, "cbc:CustomizationID", CUSTOMIZATION)
    _el(inv, "cbc:ProfileID", PROFILE)
    _el(inv, "cbc:ID", order.number)
    _el(inv, "cbc:IssueDate", order.delivery_date.isoformat())
    _el(inv, "cbc:DueDate",
        (order.delivery_date + dt.timedelta(days=PAYMENT_DAYS)).isoformat())
    _el(inv, "cbc:InvoiceTypeCode", "380")
    _el(inv, "cbc:DocumentCurrencyCode", "EUR")
    _el(inv, "cbc:BuyerReference", buyer.ref or order.number)
    _el(_el(inv, "cac:OrderReference"), "cbc:ID", order.number)
    street, _, rest = seller.address.partition(", ")
    postcode, _, city = rest.partition(" ")
    _party(inv, "cac:AccountingSupplierParty", name=seller.name, vat=seller.vat_number,
           street=street or seller.address, city=city, postcode=postcode)
    _party(inv, "cac:AccountingCustomerParty", name=buyer.name, vat=buyer.vat_number,
           street=buyer.address, city=buyer.commune, postcode=buyer.postcode)
    delivery = _el(inv, "cac:Delivery")
    _el(delivery, "cbc:ActualDeliveryDate", order.delivery_date.isoformat())
    _el(_el(inv, "cac:PaymentTerms"), "cbc:Note", f"{PAYMENT_DAYS} days")
    total_vat = sum(v.vat_cents for v in vat)
    tax = _el(inv, "cac:TaxTotal")
    _money(tax, "cbc:TaxAmount", total_vat)
    for v in vat:
        sub = _el(tax, "cac:TaxSubtotal")
        _money(sub, "cbc:TaxableAmount", v.base_cents)
        _money(sub, "cbc:TaxAmount", v.vat_cents)
        _category(sub, "cac:TaxCategory", v.rate_pct)
    base = sum(v.base_cents for v in vat)
    totals = _el(inv, "cac:LegalMonetaryTotal")
    _money(totals, "cbc:LineExtensionAmount", base)
    _money(totals, "cbc:TaxExclusiveAmount", base)
    _money(totals, "cbc:TaxInclusiveAmount", base + total_vat)
    _money(totals, "cbc:PayableAmount", base + total_vat)
    for ln in lines:
        kg = ln.delivered_weight_g is not None
        qty = (Decimal(ln.delivered_weight_g or 0) / 1000 if kg else Decimal(ln.delivered_units))
        unit = "KGM" if kg else "C62"
        il = _el(inv, "cac:InvoiceLine")
        _el(il, "cbc:ID", str(ln.line_no))
        _el(il, "cbc:InvoicedQuantity", f"{qty:.3f}" if kg else str(qty), unitCode=unit)
        _money(il, "cbc:LineExtensionAmount", nets[ln.line_no])
        item = _el(il, "cac:Item")
        _el(item, "cbc:Name", ln.product)
        _el(_el(item, "cac:SellersItemIdentification"), "cbc:ID", ln.sku)
        _category(item, "cac:ClassifiedTaxCategory", ln.vat_pct)
        price = (Decimal(nets[ln.line_no]) / 100 / qty).quantize(Decimal("0.000001"),
                                                                  rounding=ROUND_HALF_UP)
        p = _el(il, "cac:Price")
        _el(p, "cbc:PriceAmount", f"{price.normalize():f}", currencyID="EUR")
    ET.indent(inv)
    return ET.tostring(inv, encoding="utf-8", xml_declaration=True)


def _category(parent: ET.Element, tag: str, rate: int) -> None:
    cat = _el(parent, tag)
    _el(cat, "cbc:ID", "S")
    _el(cat, "cbc:Percent", str(rate))
    _el(_el(cat, "cac:TaxScheme"), "cbc:ID", "VAT")


def invoice_for(session: Session, number: str) -> bytes:
    """The UBL invoice of order `number`, issued by the cooperative of the depot that
    delivers it (its round's depot), else of the depot packing its first line."""
    found = billing_orders(session, numbers=[number])
    if not found:
        raise CpdeskError(f"no order {number!r} to invoice (unknown or cancelled)")
    order = session.scalars(select(m.Order).where(m.Order.number == number).options(
        selectinload(m.Order.customer), selectinload(m.Order.stop))).one()
    depot_id = (session.scalar(select(m.Round.depot_id).where(m.Round.id == order.stop.round_id))
                if order.stop else (order.lines[0].packing_depot_id if order.lines else None))
    depot = session.get(m.Depot, depot_id) if depot_id else None
    if depot is None:
        raise CpdeskError(f"order {number}: no depot to issue the invoice")
    return build_invoice(found[0], seller=depot.coop, buyer=order.customer)
