// conformance/report/matrix.h - reports of several platforms side by side:
// one row per catalog key, one column per platform, and which rows differ.
// Rendered as a self-contained HTML page and as Markdown (report_matrix).
#ifndef MMAPKIT_CONFORMANCE_REPORT_MATRIX_H_
#define MMAPKIT_CONFORMANCE_REPORT_MATRIX_H_

#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/report/report_file.h"

namespace mk_conformance {

// One platform of the matrix: its JSON report, or why it has none.
struct MatrixInput {
  std::string name;       // the column's name ("amd64-6.12-xfs")
  std::string json_path;  // the report; unused when not_run is set
  std::string not_run;    // why the platform did not run ("" when it did)
};

struct MatrixColumn {
  std::string name;
  std::string not_run;              // why there are no results: not run, or an unusable report
  ReportFile report;                // when not_run is empty
  int counts[5] = {0, 0, 0, 0, 0};  // PASS, FAIL, ALLOWED, SKIP, BROKEN
};

struct MatrixCell {
  bool ran = false;  // the column's report has this row
  ReportedRow row;
};

struct MatrixRow {
  std::string key, id, fs, statement;
  std::vector<MatrixCell> cells;  // one per column
  // Two columns that ran the row disagree on its result or observation.
  bool differs = false;
};

struct Matrix {
  std::string catalog;  // the catalog version of this build
  std::vector<MatrixColumn> columns;
  std::vector<MatrixRow> rows;  // every key of the catalog, in catalog order
  int differing = 0;
  std::vector<std::string> problems;  // "NAME: why", one per column without results
};

// The results, in counts order.
extern const char *const kMatrixResults[5];

// Reads every input's report. A report that cannot be read, is not a report
// or was written with another catalog version becomes a column without
// results whose not_run names the file and the problem.
Matrix BuildMatrix(const std::vector<MatrixInput> &inputs, const std::vector<Row> &catalog_rows,
                   const std::string &catalog_version);

// A self-contained page (no external assets): a legend, "only rows that
// differ", per column the platform (kernel, arch, page size, file system,
// environment, counts), cells coloured by result with their detail on hover
// and on click.
std::string MatrixHtml(const Matrix &matrix, const std::string &title);

// The platforms, the rows that differ with each column's result, and the
// platforms that did not run.
std::string MatrixMarkdown(const Matrix &matrix, const std::string &title);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_MATRIX_H_
