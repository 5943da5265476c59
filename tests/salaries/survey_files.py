"""Lines of a survey CSV, for the import tests."""

from salaries.importers import COLUMNS

HEADER = ",".join(COLUMNS)


def csv_line(
    *,
    year: int = 2024,
    level: str = "SE",
    employment: str = "FT",
    title: str = "Machine Learning Engineer",
    salary: object = 150000,
    currency: str = "USD",
    usd: object = None,
    residence: str = "US",
    remote: object = 0,
    company: str = "US",
    size: str = "M",
) -> str:
    usd = salary if usd is None else usd
    values = [year, level, employment, title, salary, currency, usd, residence, remote, company]
    return ",".join(str(v) for v in [*values, size])
