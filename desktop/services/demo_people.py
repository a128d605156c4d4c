"""Who the demo's records are about: the stations with their demo staff, and residents with valid ID numbers.

Residents are made up as the applications need them (a newborn for a birth registration, a pensioner for a death
cancellation, a migrant worker for a residence permit…); adults and migrants come back for further business, so
there are about 0.7 persons per application. Every ID number is a valid GB 11643 number (region, birth date,
sequence odd for men, check character) that is not in the database yet.

Rows are tuples in `PERSON_COLUMNS` order, times already encoded for the driver (`demo_bulk`). The check character
is summed from parts worked out once (region, birthday, sequence), not digit by digit for every person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.identity import ID_CHECK_CHARS, ID_WEIGHTS
from desktop.services import demo_names as names
from desktop.services.demo_mix import Weighted

PERSONS_PER_APPLICATION = 0.7
PERSON_COLUMNS = (
    "id", "document_type", "id_number", "name", "gender", "birth_date", "phone", "address", "household_address",
    "created_at", "updated_at", "version",
)  # fmt: skip
_MIN_BIRTH = date(1935, 1, 1).toordinal()
_XIASHAN = "440803"
_DAYS_PER_YEAR = 365.25


def _weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


# The ID number's weighted digit sum in three parts: region (digits 1–6), birthday (7–14), sequence (15–17).
_SEQUENCE_SUMS = tuple(_weighted_sum(f"{n:03d}", ID_WEIGHTS[14:]) for n in range(1000))
_SEQUENCES = tuple(f"{n:03d}" for n in range(1000))


@dataclass
class DemoStation:
    """A station taking part, with the demo's two desk users and one officer there."""

    id: int
    code: str
    short_name: str
    weight: float  # how busy it is
    desk_ids: list[int] = field(default_factory=list)
    officer_id: int = 0
    staff_names: list[str] = field(default_factory=list)


class People:
    """Makes person rows (collected in `rows` until the loader writes them) and remembers who may come back."""

    def __init__(
        self, rng: random.Random, first_id: int, taken_numbers: set[str], encode_day: Any = date.isoformat
    ) -> None:
        self.rng = rng
        self.encode_day = encode_day
        self.rows: list[tuple[Any, ...]] = []
        self.made = 0
        self.first_id = self.next_id = first_id
        self.id_numbers = taken_numbers
        self.adults: list[int] = []
        self.migrants: list[int] = []
        self.flags = bytearray()  # per person made here: bit 0 male, bit 1 household registered in Zhanjiang
        self.names: list[str] = []  # per person made here (an application row carries its applicant's name)
        self.last_birth = date.max  # birth date of the person made last
        self.regions_local = Weighted(names.ZHANJIANG_REGIONS)
        self.regions_migrant = Weighted(names.MIGRANT_REGIONS)
        self._region_sums: dict[str, int] = {}
        self._birthdays: dict[int, tuple[date, object, str, int]] = {}

    def new(self, profile: str, day: date, created_at: object) -> int:
        """A new person made on `day` (`created_at` as encoded for the driver); profile: adult | migrant |
        newborn | young | child | elderly."""
        rng = self.rng
        rnd = rng.random
        male = rnd() < 0.5
        region = (self.regions_migrant if profile == "migrant" else self.regions_local).pick(rng)
        if profile == "newborn":
            region = _XIASHAN if rnd() < 0.9 else region
            age_days = 3 + int(rnd() * 43)
        elif profile == "young":  # mostly first ID cards at 16
            age_days = int((16.0 + 1.5 * rnd() if rnd() < 0.6 else 0.5 + 15.4 * rnd()) * _DAYS_PER_YEAR)
        elif profile == "child":
            age_days = int((1.0 + 14.9 * rnd()) * _DAYS_PER_YEAR)
        elif profile == "elderly":
            age_days = int(rng.triangular(60, 95, 82) * _DAYS_PER_YEAR)
        elif profile == "migrant":
            age_days = int(rng.triangular(18, 58, 28) * _DAYS_PER_YEAR)
        else:
            age_days = int(rng.triangular(18, 88, 38) * _DAYS_PER_YEAR)
        birth_ordinal = day.toordinal() - age_days
        birth, birth_value, birthday, birthday_sum = self._birthday(
            birth_ordinal if birth_ordinal > _MIN_BIRTH else _MIN_BIRTH
        )
        self.last_birth = birth
        number = self._id_number(region, birthday, birthday_sum, male)
        region = number[:6]
        person_id = self.next_id
        self.next_id += 1
        address = names.xiashan_address(rng)
        lives_where_registered = region == _XIASHAN and rnd() < 0.6
        has_phone = profile in ("adult", "migrant") or (profile == "young" and age_days > 5800)
        name = names.random_name(rng, male)
        self.names.append(name)
        self.rows.append(
            (
                person_id,
                "resident_id",
                number,
                name,
                "male" if male else "female",
                birth_value,
                names.random_mobile(rng) if has_phone else "",
                address,
                address if lives_where_registered else names.household_address(rng, region),
                created_at,
                created_at,
                1,
            )
        )
        self.flags.append(male | (region.startswith("4408") << 1))
        if profile == "adult":
            self.adults.append(person_id)
        elif profile == "migrant":
            self.migrants.append(person_id)
        self.made += 1
        return person_id

    def last_name(self) -> str:
        return str(self.rows[-1][3])

    def applicant(self, profile: str, day: date, created_at: object, applications: int) -> int:
        """A returning adult or migrant, or a new person, steering towards ~0.7 persons per application."""
        if profile in ("adult", "migrant"):
            pool = self.adults if profile == "adult" else self.migrants
            behind = self.made < PERSONS_PER_APPLICATION * (applications + 1)
            if pool and self.rng.random() > (0.9 if behind else 0.3):
                return pool[int(self.rng.random() * len(pool))]
        return self.new(profile, day, created_at)

    def agent(self, day: date, created_at: object) -> int:
        """Someone coming on another's behalf: often a known adult, else a new one."""
        if self.adults and self.rng.random() < 0.6:
            return self.known_adult()
        return self.new("adult", day, created_at)

    def known_adult(self) -> int:
        return self.adults[int(self.rng.random() * len(self.adults))]

    def parent_word(self, person_id: int) -> str:
        return "父亲" if self.flags[person_id - self.first_id] & 1 else "母亲"

    def name_of(self, person_id: int) -> str:
        return self.names[person_id - self.first_id]

    def registered_locally(self, person_id: int) -> bool:
        """Household registered in Zhanjiang: exit-entry documents are then issued within the local time limit."""
        return bool(self.flags[person_id - self.first_id] & 2)

    def _birthday(self, ordinal: int) -> tuple[date, object, str, int]:
        """The date, its driver value, its eight ID digits and their weighted sum (a few tens of thousands)."""
        found = self._birthdays.get(ordinal)
        if found is None:
            birth = date.fromordinal(ordinal)
            digits = f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"
            found = (birth, self.encode_day(birth), digits, _weighted_sum(digits, ID_WEIGHTS[6:14]))
            self._birthdays[ordinal] = found
        return found

    def _region_sum(self, region: str) -> int:
        found = self._region_sums.get(region)
        if found is None:
            found = self._region_sums[region] = _weighted_sum(region, ID_WEIGHTS[:6])
        return found

    def _id_number(self, region: str, birthday: str, birthday_sum: int, male: bool) -> str:
        rnd = self.rng.random
        attempts = 0
        while True:
            sequence = int(rnd() * 500) * 2 + male
            total = self._region_sum(region) + birthday_sum + _SEQUENCE_SUMS[sequence]
            number = f"{region}{birthday}{_SEQUENCES[sequence]}{ID_CHECK_CHARS[total % 11]}"
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number
            attempts += 1
            if attempts % 20 == 0:  # this region and birthday is crowded: registered elsewhere then
                region = self.regions_local.pick(self.rng)
