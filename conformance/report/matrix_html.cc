// The platform matrix as one self-contained HTML page (see matrix.h): inline
// style and script, no external assets, readable without the script (every
// cell's detail is also its tooltip).
#include <string>

#include "conformance/report/matrix.h"
#include "conformance/report/output.h"

namespace mk_conformance {

namespace {

// A column name or kernel release that may break after its separators in a narrow
// column (not after dots or underscores: "6.12", "x86_64" stay whole).
std::string Breakable(const std::string &name) {
  std::string out;
  for (char c : name) {
    out += XmlText(std::string(1, c));
    if (c == '-' || c == '+') out += "<wbr>";
  }
  return out;
}

// Result -> CSS class and the short text shown in the cell.
struct Look {
  const char *result, *css, *text;
};
constexpr Look kLooks[] = {
    {"PASS", "p", "PASS"}, {"FAIL", "f", "FAIL"},     {"ALLOWED", "a", "ALLOW"},
    {"SKIP", "s", "SKIP"}, {"BROKEN", "b", "BROKEN"},
};

const Look &LookOf(const std::string &result) {
  static const Look unknown = {"?", "u", "?"};
  for (const Look &look : kLooks) {
    if (result == look.result) return look;
  }
  return unknown;
}

std::string PageSize(long bytes) {
  if (bytes <= 0) return "?";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB pages";
  return std::to_string(bytes) + " B pages";
}

constexpr const char *kStyle = R"(
body{font:13px/1.35 "DejaVu Sans",system-ui,sans-serif;margin:14px 16px 80px;color:#1c2330;background:#fff}
h1{font-size:19px;margin:0 0 2px}
.sub{color:#4b5563;margin:0 0 8px}
.bar{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:6px 0 10px}
.chip{display:inline-block;min-width:44px;text-align:center;padding:1px 6px;border-radius:3px;font-weight:600;font-size:11px}
label{cursor:pointer;font-weight:600}
.problems{background:#fff4e5;border-left:4px solid #e8a33d;padding:6px 10px;margin:6px 0 10px}
.problems div{margin:2px 0}
table{border-collapse:separate;border-spacing:0}
th,td{border-right:1px solid #fff;border-bottom:1px solid #fff;padding:2px 4px}
thead{position:sticky;top:0;z-index:2}
thead th{background:#eef1f5;font-weight:normal;font-size:10.5px;vertical-align:top;text-align:center;width:66px;min-width:66px;max-width:66px}
thead tr.name th{font-weight:700;font-size:11.5px;background:#dde3ec}
thead tr.sum th{border-bottom:2px solid #9aa5b4}
thead tr.sum .chip{min-width:0;padding:0 3px;margin:1px 0}
th.grp,td.grp{border-left:3px solid #7b8794}
thead th.rowhead{position:sticky;left:0;text-align:right;color:#4b5563;width:auto;min-width:0;max-width:none;font-weight:600;z-index:3}
.refused{white-space:nowrap;font-size:9.5px;color:#9b1c1c}
th.notrun{background:#f3e6cf;color:#6b4e16;font-size:10px;text-align:left;overflow-wrap:anywhere}
th.notrun div{max-height:7.5em;overflow:hidden}
tbody th{position:sticky;left:0;background:#f7f8fa;text-align:left;font:11px/1.3 "DejaVu Sans Mono",monospace;white-space:nowrap;z-index:1}
tbody th .fs{color:#6b7280}
tbody tr:hover th{background:#e4e9f1}
td{text-align:center;font-size:10.5px;font-weight:600;cursor:pointer;letter-spacing:.2px}
.p{background:#cdebd3;color:#1d5a2c}
.f{background:#f6b8b0;color:#7d1a10}
.a{background:#fbe3a4;color:#6d4d00}
.s{background:#d9dee6;color:#3c4654}
.b{background:#d7bff0;color:#4b1f78}
.u{background:#eee;color:#333}
.n{background:repeating-linear-gradient(45deg,#f4f4f4,#f4f4f4 4px,#e9e9e9 4px,#e9e9e9 8px);color:#8a8a8a;font-weight:normal}
tr.differs th.key{box-shadow:inset 4px 0 #3867d6}
table.only-differ tbody tr.same{display:none}
td.sel{outline:2px solid #1c2330;outline-offset:-2px}
#detail{position:fixed;left:0;right:0;bottom:0;background:#fff;border-top:2px solid #3867d6;box-shadow:0 -2px 8px rgba(0,0,0,.15);padding:8px 16px;white-space:pre-wrap;font-size:12.5px;display:none;max-height:40vh;overflow:auto}
#detail b{font-size:13px}
#detail .close{float:right;cursor:pointer;color:#3867d6;font-weight:600}
.notes{margin-top:14px;color:#374151}
)";

constexpr const char *kScript = R"(
var table=document.getElementById('matrix'),box=document.getElementById('differ');
function filter(){table.classList.toggle('only-differ',box.checked);}
if(location.hash=='#all')box.checked=false;
box.addEventListener('change',filter);filter();
var detail=document.getElementById('detail'),text=document.getElementById('detail-text'),sel=null;
table.addEventListener('click',function(e){
  var td=e.target.closest('td');if(!td)return;
  var tr=td.parentNode,col=td.cellIndex,head=table.tHead.rows[0].cells[col];
  if(sel)sel.classList.remove('sel');sel=td;td.classList.add('sel');
  text.textContent='';
  var b=document.createElement('b');
  b.textContent=tr.cells[0].dataset.key+' on '+head.dataset.name+': '+td.dataset.result;
  text.appendChild(b);
  text.appendChild(document.createTextNode('\n'+tr.cells[0].title+'\n'+td.title));
  detail.style.display='block';
});
document.getElementById('detail-close').addEventListener('click',function(){
  detail.style.display='none';if(sel)sel.classList.remove('sel');sel=null;});
)";

// Columns are grouped by kernel: a column whose kernel differs from the one
// before it starts a group (a thicker line on its left).
bool StartsGroup(const Matrix &m, size_t i) {
  return i > 0 && m.columns[i].report.platform.release != m.columns[i - 1].report.platform.release;
}

// The class attribute of column i's cells: its group mark and css.
std::string ClassOf(const Matrix &m, size_t i, const std::string &css) {
  std::string all = StartsGroup(m, i) ? (css.empty() ? "grp" : css + " grp") : css;
  return all.empty() ? "" : " class=\"" + all + "\"";
}

// One header row: its label, then per column text(column). A column that did
// not run gets one cell over all the platform rows instead, saying why.
template <typename CellText>
std::string HeaderRow(const Matrix &m, const char *css, const char *label, bool first,
                      CellText text) {
  std::string out =
      std::string("<tr class=\"") + css + "\"><th class=\"rowhead\">" + label + "</th>";
  for (size_t i = 0; i < m.columns.size(); i++) {
    const MatrixColumn &c = m.columns[i];
    if (c.not_run.empty()) {
      out += "<th" + ClassOf(m, i, "") + ">" + text(c) + "</th>";
    } else if (first) {
      out += "<th" + ClassOf(m, i, "notrun") + " rowspan=\"5\" title=\"" + XmlText(c.not_run) +
             "\"><div><b>not run:</b> " + XmlText(c.not_run) + "</div></th>";
    }
  }
  return out + "</tr>\n";
}

std::string Counts(const MatrixColumn &c) {
  std::string out;
  for (int i = 0; i < 5; i++) {
    if (c.counts[i] == 0 && i != 0) continue;
    out += std::string(out.empty() ? "" : " ") + "<span class=\"chip " + kLooks[i].css + "\">" +
           std::to_string(c.counts[i]) + "</span>";
  }
  return out;
}

std::string CellHtml(const Matrix &m, const MatrixRow &row, size_t i) {
  const MatrixCell &cell = row.cells[i];
  const MatrixColumn &column = m.columns[i];
  if (!cell.ran) {
    std::string why = column.not_run.empty() ? "this platform's report has no such row"
                                             : "not run: " + column.not_run;
    return "<td" + ClassOf(m, i, "n") + " data-result=\"not run\" title=\"" + XmlText(why) +
           "\">&ndash;</td>";
  }
  const ReportedRow &r = cell.row;
  const Look &look = LookOf(r.result);
  std::string tip = "expected: " + r.expected + "\nobserved: " + r.observed +
                    (r.detail.empty() ? "" : ": " + r.detail);
  return "<td" + ClassOf(m, i, look.css) + " data-result=\"" + XmlText(r.result) + "\" title=\"" +
         XmlText(tip) + "\">" + look.text + "</td>";
}

}  // namespace

std::string MatrixHtml(const Matrix &m, const std::string &title) {
  int ran = 0;
  for (const MatrixColumn &c : m.columns) ran += c.not_run.empty() ? 1 : 0;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                    XmlText(title) + "</title>\n<style>" + kStyle + "</style></head>\n<body>\n";
  out += "<h1>" + XmlText(title) + "</h1>\n";
  out += "<div class=\"sub\">" + std::to_string(m.columns.size()) + " platforms (" +
         std::to_string(ran) + " ran), " + std::to_string(m.rows.size()) + " rows, " +
         std::to_string(m.differing) + " differ; catalog " + XmlText(m.catalog) + "</div>\n";
  if (!m.problems.empty()) {
    out += "<div class=\"problems\"><b>Not run:</b>";
    for (const std::string &p : m.problems) out += "<div>" + XmlText(p) + "</div>";
    out += "</div>\n";
  }
  out +=
      "<div class=\"bar\"><label><input type=\"checkbox\" id=\"differ\" checked> only rows "
      "that differ (" +
      std::to_string(m.differing) + " of " + std::to_string(m.rows.size()) +
      ")</label><span class=\"legend\">";
  for (const Look &look : kLooks) {
    out += std::string("<span class=\"chip ") + look.css + "\">" + look.result + "</span> ";
  }
  out +=
      "<span class=\"chip n\">not run</span></span><span>hover or click a cell for its "
      "detail</span></div>\n";

  out += "<table id=\"matrix\"><thead>\n<tr class=\"name\"><th class=\"rowhead\">platform</th>";
  for (size_t i = 0; i < m.columns.size(); i++) {
    const MatrixColumn &c = m.columns[i];
    std::string tip = c.not_run.empty()
                          ? c.report.platform.sysname + " " + c.report.platform.release + " " +
                                c.report.platform.version + "\n" + c.report.platform.abi
                          : "not run: " + c.not_run;
    out += "<th data-name=\"" + XmlText(c.name) + "\"" +
           ClassOf(m, i, c.not_run.empty() ? "" : "notrun") + " title=\"" + XmlText(tip) + "\">" +
           Breakable(c.name) + "</th>";
  }
  out += "</tr>\n";
  out += HeaderRow(m, "kernel", "kernel", true,
                   [](const MatrixColumn &c) { return Breakable(c.report.platform.release); });
  out += HeaderRow(m, "arch", "arch, page size", false, [](const MatrixColumn &c) {
    return XmlText(c.report.platform.machine) + "<br>" + PageSize(c.report.platform.page_size);
  });
  out += HeaderRow(m, "fsrow", "disk rows on", false, [](const MatrixColumn &c) {
    const ReportedPlatform &p = c.report.platform;
    return "<b>" + XmlText(p.disk_fs) + "</b>" +
           (p.disk_shared_refused.empty()
                ? ""
                : "<br><span class=\"refused\" title=\"" + XmlText(p.disk_shared_refused) +
                      "\">no<br>MAP_SHARED</span>");
  });
  out += HeaderRow(m, "env", "environment", false, [](const MatrixColumn &c) {
    const std::string &env = c.report.platform.environment_summary;
    return env.empty() ? std::string("&ndash;") : XmlText(env);
  });
  out += HeaderRow(m, "sum", "results", false, Counts);
  out += "</thead>\n<tbody>\n";
  for (const MatrixRow &row : m.rows) {
    out += std::string("<tr class=\"") + (row.differs ? "differs" : "same") +
           "\"><th class=\"key\" data-key=\"" + XmlText(row.key) + "\" title=\"" +
           XmlText(row.statement) + "\">" + XmlText(row.id) + "<span class=\"fs\">@" +
           XmlText(row.fs) + "</span></th>";
    for (size_t i = 0; i < row.cells.size(); i++) out += CellHtml(m, row, i);
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  out +=
      "<div class=\"notes\">A row differs when two platforms that ran it disagree on its "
      "result or on what was observed (same colour, other errno or signal). A blue mark "
      "on the left flags it.</div>\n";
  out +=
      "<div id=\"detail\"><span class=\"close\" id=\"detail-close\">close</span>"
      "<div id=\"detail-text\"></div></div>\n";
  out += std::string("<script>") + kScript + "</script>\n</body></html>\n";
  return out;
}

}  // namespace mk_conformance
