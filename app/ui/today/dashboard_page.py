"""The Dashboard: KPI tiles, trend charts (QtCharts) and the A/R aging table.

Each tile shows its definition and period; clicking it lists the claims behind the number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.kpis import BUCKETS, AgingRow, Kpi
from app.services import kpis, reports
from app.ui import actions
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.today import export
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

PERIODS = (("Last 30 days", 30), ("Last 90 days", 90), ("Last 365 days", 365))

CLAIM_COLUMNS = [
    Column("control_number", "Claim", 90), Column("patient", "Patient", 170),
    Column("payer", "Payer", 150), Column("status", "Status", 80),
    date_column("date_of_service", "DOS"), money_column("billed", "Billed"),
    money_column("paid", "Paid"), money_column("balance", "Balance"),
]


def _aging_getters() -> list[Column]:
    cols = [Column("name", "Name", 200)]
    for n, (label, _lo, _hi) in enumerate(BUCKETS):
        money = money_column("total", label, 90)
        cols.append(Column(label, label, 90, money.align, money.formatter,
                           getter=lambda r, n=n: r.buckets[n]))
    cols.append(money_column("total", "Total", 100))
    return cols


class Tile(QPushButton):
    """One KPI: value large, title and period small; tooltip = the definition."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kpi: Kpi | None = None
        self.setMinimumHeight(64)
        self.setStyleSheet("QPushButton { text-align: left; padding: 6px 10px; }")

    def set_kpi(self, kpi: Kpi) -> None:
        self.kpi = kpi
        self.setObjectName(f"tile_{kpi.key}")
        self.setText(f"{kpi.title}\n{kpi.display()}\n{kpi.period}")
        self.setToolTip(f"{kpi.definition}\nPeriod: {kpi.period}\n"
                        f"{len(kpi.claim_ids)} claim(s) behind the number: click to list them.")


class DashboardPage(Page):
    title = "Dashboard"
    watches = ("claims", "charges", "payments", "settings")
    message = Signal(str)

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.period_box = QComboBox()
        self.period_box.setObjectName("dashboard_period")
        for label, days in PERIODS:
            self.period_box.addItem(label, days)
        self.period_box.setCurrentIndex(1)
        self.period_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tiles = [Tile() for _ in kpis.KPIS]
        grid = QGridLayout()
        for n, tile in enumerate(self.tiles):
            tile.clicked.connect(lambda _c=False, t=tile: self.drill(t.kpi))
            grid.addWidget(tile, n // 5, n % 5)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.claims_label = QLabel("Click a tile to list the claims behind its number.")
        self.claims_label.setWordWrap(True)
        self.claim_model = RowTableModel(CLAIM_COLUMNS, self)
        self.claim_table = self._table("dashboard_claims", self.claim_model, CLAIM_COLUMNS)
        self.tabs.addTab(self._with(self.claims_label, self.claim_table, "claims"),
                         "&Claims behind")
        self.month_chart, self.payer_chart = QChartView(), QChartView()
        charts = QWidget()
        row = QHBoxLayout(charts)
        for view in (self.month_chart, self.payer_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            row.addWidget(view)
        self.tabs.addTab(charts, "&Trends")
        self.aging_by, self.aging_basis = QComboBox(), QComboBox()
        self.aging_by.addItem("By payer", "payer")
        self.aging_by.addItem("By patient", "patient")
        self.aging_basis.addItem("Date of service", "service")
        self.aging_basis.addItem("Date of submission", "submission")
        for box in (self.aging_by, self.aging_basis):
            box.currentIndexChanged.connect(lambda _i: self.load_aging())
        self.aging_columns = _aging_getters()
        self.aging_model = RowTableModel(self.aging_columns, self)
        self.aging_table = self._table("dashboard_aging", self.aging_model, self.aging_columns)
        self.aging_table.doubleClicked.connect(self._aging_drill)
        self.tabs.addTab(self._with(self._aging_bar(), self.aging_table, "aging"), "A/R &aging")
        top = QHBoxLayout()
        top.addWidget(QLabel("Period:"))
        top.addWidget(self.period_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.tabs, 1)

    def _table(self, key: str, model: RowTableModel, columns: list[Column]) -> DataTable:
        table = DataTable(key, self)
        table.setObjectName(f"{key}_table")
        table.set_model(model, columns)
        return table

    def _with(self, head: QWidget, table: DataTable, name: str) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(head)
        box.addWidget(table, 1)
        button = QPushButton("Export CSV...")
        button.setObjectName(f"{name}_export_button")
        button.setToolTip(actions.shortcut("list_export_csv").description)
        button.clicked.connect(lambda: self._export(table, name))
        actions.make_action(table, "list_export_csv", lambda: self._export(table, name),
                            widget_scope=True)
        box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return holder

    def _aging_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.aging_by)
        row.addWidget(self.aging_basis)
        row.addWidget(QLabel("Double-click a row to list its claims."))
        row.addStretch(1)
        return bar

    # loading ------------------------------------------------------------------------------
    def period(self) -> Any:
        return kpis.default_period(date.today(), int(self.period_box.currentData()))

    def refresh(self) -> None:
        super().refresh()
        for tile, kpi in zip(self.tiles, kpis.all_kpis(self.db, self.period()),  # type: ignore[arg-type]
                             strict=True):
            tile.set_kpi(kpi)
        self.load_aging()
        self.load_charts()

    def load_aging(self) -> None:
        self.aging_model.set_rows(reports.aging(
            self.db, self.aging_by.currentData(), self.aging_basis.currentData()))  # type: ignore[arg-type]

    def load_charts(self) -> None:
        trend = reports.monthly_trend(self.db)  # type: ignore[arg-type]
        chart = QChart()
        chart.setTitle("Charges and payments by month")
        series = QBarSeries()
        for name, attr in (("Charges", "charges"), ("Payments", "payments")):
            bars = QBarSet(name)
            for m in trend:
                bars.append(float(getattr(m, attr)))  # drawing only; money stays Decimal
            series.append(bars)
        self._axes(chart, series, [m.label[2:] for m in trend], Qt.AlignmentFlag.AlignBottom)
        self.month_chart.setChart(chart)
        rows = [r for r in self.aging_rows_by_payer()][:8]
        pchart = QChart()
        pchart.setTitle("A/R by payer (open insurance balance)")
        hseries = QHorizontalBarSeries()
        bars = QBarSet("A/R")
        for r in rows:
            bars.append(float(r.total))
        hseries.append(bars)
        self._axes(pchart, hseries, [r.name[:22] for r in rows], Qt.AlignmentFlag.AlignLeft)
        pchart.legend().hide()
        self.payer_chart.setChart(pchart)

    def aging_rows_by_payer(self) -> list[AgingRow]:
        if self.aging_by.currentData() == "payer":
            return list(self.aging_model.rows())
        return reports.aging(self.db, "payer")  # type: ignore[arg-type]

    @staticmethod
    def _axes(chart: QChart, series: Any, labels: list[str], where: Qt.AlignmentFlag) -> None:
        chart.addSeries(series)
        cats = QBarCategoryAxis()
        cats.append(labels or [""])
        values = QValueAxis()
        values.setLabelFormat("%.0f")
        other = Qt.AlignmentFlag.AlignLeft if where == Qt.AlignmentFlag.AlignBottom else \
            Qt.AlignmentFlag.AlignBottom
        chart.addAxis(cats, where)
        chart.addAxis(values, other)
        series.attachAxis(cats)
        series.attachAxis(values)
        values.applyNiceNumbers()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    # drill-down ---------------------------------------------------------------------------
    @Slot()
    def drill(self, kpi: Kpi | None) -> None:
        if kpi is None:
            return
        rows = kpis.claims_behind(self.db, kpi.claim_ids)  # type: ignore[arg-type]
        self.claim_model.set_rows(rows)
        shown = f" (first {len(rows)} shown)" if len(rows) < len(kpi.claim_ids) else ""
        extra = "; ".join(f"{label}: {value} ({n})" for label, value, n in kpi.detail[:6])
        self.claims_label.setText(f"{kpi.title} = {kpi.display()} · {kpi.period} · "
                                  f"{len(kpi.claim_ids)} claim(s){shown}. {kpi.definition}"
                                  + (f" · {extra}" if extra else ""))
        self.tabs.setCurrentIndex(0)

    def _aging_drill(self, index: Any) -> None:
        row: AgingRow = self.aging_model.row_at(index.row())
        self.claim_model.set_rows(kpis.claims_behind(self.db, row.claim_ids))  # type: ignore[arg-type]
        self.claims_label.setText(f"A/R of {row.name}: {row.total:,.2f} over "
                                  f"{len(row.claim_ids)} balance(s).")
        self.tabs.setCurrentIndex(0)

    def _export(self, table: DataTable, name: str) -> None:
        path = export.export_csv(self, table.model(), f"dashboard-{name}")
        if path is not None:
            self.message.emit(f"Exported {table.model().rowCount()} row(s) to {path}")

    def save_state(self) -> None:
        for table in (self.claim_table, self.aging_table):
            table.save_state()
