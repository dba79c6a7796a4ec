"""Invented names, streets and phone numbers for demo patients (no real people).

Every value is drawn from the caller's ``random.Random`` so the demo is repeatable.
"""

from __future__ import annotations

import random

from app.domain.practice import Address

FEMALE_FIRST = (
    "Abigail Ada Alma Amara Anika Aria Beatrice Bianca Carmen Celeste Clara Daisy Dalia Delia "
    "Eleanor Elena Eliza Esme Farah Fiona Gemma Greta Hazel Helena Ingrid Iris Isla Jada Joanna "
    "Juniper Keira Lena Leona Lila Lorena Lucia Mabel Maren Marisol Maya Nadia Naomi Nora Odette "
    "Opal Paloma Priya Quinn Rosa Ruby Sabine Selma Sienna Talia Tamsin Uma Vera Willa Yara Zora"
).split()

MALE_FIRST = (
    "Aaron Abel Adrian Amos Anders Arlo Arturo Bennett Boris Caleb Cyrus Dante Darius Declan "
    "Elias Emil Ezra Felix Gideon Graham Hector Hugo Idris Ignacio Isaac Jasper Joel Jonas Kofi "
    "Lars Leon Levi Luca Malik Marco Mateo Milo Nico Nolan Oren Osvaldo Pablo Quentin Rafael "
    "Reuben Rowan Silas Soren Tobias Tomas Victor Wes Xavier Yusuf Zane Callum Dorian Emmett"
).split()

LAST = (
    "Abernathy Acosta Adeyemi Albrecht Alcott Amberley Ashdown Balfour Barrowman Belcourt "
    "Birchfield Blackwood Bramley Brightwater Calloway Carrow Castellan Chatterjee Clearwell "
    "Coldridge Corliss Crestwood Dallimore Darnley Delacroix Dunmore Eastbrook Ellery Estrada "
    "Fairbanks Farrow Featherstone Fenwick Ferreira Galloway Garnett Greenhalgh Grisham Halvorsen "
    "Hartwell Hawthorne Holloway Ingram Ivers Jardine Kapoor Kettering Kowalczyk Lachance "
    "Langford Larkspur Lindgren Lockhart Maddox Marchetti Mbeki Merriweather Montague Nakamura "
    "Northcott Novak Oakridge Okonkwo Ortega Pemberton Penhallow Quintero Radcliffe Ravenscroft "
    "Redfield Rosales Salcedo Santangelo Sherwood Silverton Stanhope Strickland Sutherland "
    "Thistlewood Thornbury Torvik Underhill Valdivia Vance Wainwright Westbrook Whitlock "
    "Winslow Yamaguchi Yardley Zeller Zielinski"
).split()

MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

STREET_NAMES = (
    "Amberwood Aspen Bramble Cedar Clover Copper Creek Dogwood Elmhurst Fernleaf Foxglove "
    "Goldfinch Harvest Heron Hickory Juniper Lantern Larkspur Linden Maple Meadowlark Millstone "
    "Orchard Pawnee Pinecrest Prairie Quarry Redbud Ridgeway Sandstone Sorrel Stonegate Sumac "
    "Sycamore Thistle Timber Walnut Willowbrook Windmill"
).split()

STREET_TYPES = ("St", "Ave", "Dr", "Ln", "Ct", "Rd", "Way", "Blvd", "Pl", "Ter")

#: One metro area: (city, ZIP codes). Street names are invented.
CITIES = (
    ("Springfield", ("62701", "62702", "62703", "62704", "62711", "62712")),
    ("Chatham", ("62629",)),
    ("Rochester", ("62563",)),
    ("Sherman", ("62684",)),
    ("Riverton", ("62561",)),
    ("Auburn", ("62615",)),
    ("Pleasant Plains", ("62677",)),
)
CITY_CUM_WEIGHTS = (60, 70, 77, 83, 89, 95, 100)
STATE = "IL"
AREA_CODE = "217"

EMPLOYERS = (
    "Capitol Valley Schools", "Prairie Grain Cooperative", "Lincoln Trail Manufacturing",
    "Sangamon Logistics", "Heartland Credit Union", "Riverbend Hospital Services",
    "Statehouse Print Works", "Cornbelt Insurance Agency", "Illini Freight Lines",
    "Greenway Landscaping", "Meridian Software Group", "Lakeside Grocers",
)


def pick_first(rng: random.Random, female: bool) -> str:
    """A first name for the given sex."""
    return rng.choice(FEMALE_FIRST if female else MALE_FIRST)


def pick_last(rng: random.Random) -> str:
    """A family name."""
    return rng.choice(LAST)


def pick_middle(rng: random.Random) -> str:
    """A middle initial about half the time, else empty."""
    return rng.choice(MIDDLE_INITIALS) if rng.random() < 0.5 else ""


def phone(rng: random.Random) -> str:
    """A 10-digit phone number in the metro area code with a 555 exchange."""
    return f"{AREA_CODE}555{rng.randrange(10000):04d}"


def address(rng: random.Random, plus4_share: float = 0.3) -> Address:
    """A street address somewhere in the metro area; some ZIPs carry the +4."""
    city, zips = rng.choices(CITIES, cum_weights=CITY_CUM_WEIGHTS)[0]
    zip_code = rng.choice(zips)
    if rng.random() < plus4_share:
        zip_code += f"{rng.randrange(1, 10000):04d}"
    street = f"{rng.randrange(100, 9900)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_TYPES)}"
    street2 = f"Apt {rng.randrange(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.15 else ""
    return Address(street1=street, street2=street2, city=city, state=STATE, zip=zip_code)
