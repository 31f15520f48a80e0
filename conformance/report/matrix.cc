// Building the platform matrix (see matrix.h).
#include "conformance/report/matrix.h"

#include <set>

namespace mk_conformance {

const char *const kMatrixResults[5] = {"PASS", "FAIL", "ALLOWED", "SKIP", "BROKEN"};

namespace {

MatrixColumn LoadColumn(const MatrixInput &input, const std::string &catalog_version) {
  MatrixColumn column;
  column.name = input.name;
  if (!input.not_run.empty()) {
    column.not_run = input.not_run;
    return column;
  }
  std::string error = LoadReportFile(input.json_path, &column.report);
  if (error.empty() && column.report.catalog != catalog_version) {
    error = input.json_path + " was written with catalog " + column.report.catalog +
            ", this matrix shows catalog " + catalog_version +
            ": run the platform with this mmapkit";
  }
  if (!error.empty()) {
    column.not_run = error;
    column.report = ReportFile();
    return column;
  }
  for (const auto &row : column.report.rows) {
    for (int i = 0; i < 5; i++) {
      if (row.second.result == kMatrixResults[i]) column.counts[i]++;
    }
  }
  return column;
}

}  // namespace

Matrix BuildMatrix(const std::vector<MatrixInput> &inputs, const std::vector<Row> &catalog_rows,
                   const std::string &catalog_version) {
  Matrix m;
  m.catalog = catalog_version;
  for (const MatrixInput &input : inputs) {
    m.columns.push_back(LoadColumn(input, catalog_version));
    if (!m.columns.back().not_run.empty()) {
      m.problems.push_back(input.name + ": " + m.columns.back().not_run);
    }
  }
  for (const Row &catalog_row : catalog_rows) {
    MatrixRow row;
    row.key = catalog_row.Key();
    row.id = catalog_row.entry->id;
    row.fs = FsName(catalog_row.fs);
    row.statement = catalog_row.entry->statement;
    std::set<std::string> seen;  // result and observation of each column that ran it
    for (const MatrixColumn &column : m.columns) {
      MatrixCell cell;
      auto found = column.report.rows.find(row.key);
      if (found != column.report.rows.end()) {
        cell.ran = true;
        cell.row = found->second;
        seen.insert(cell.row.result + "\n" + cell.row.observed);
      }
      row.cells.push_back(cell);
    }
    row.differs = seen.size() > 1;
    if (row.differs) m.differing++;
    m.rows.push_back(row);
  }
  return m;
}

}  // namespace mk_conformance
