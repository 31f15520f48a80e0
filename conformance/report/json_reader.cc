// A small strict JSON parser (see json_reader.h).
#include "conformance/report/json_reader.h"

#include <cstdlib>

namespace mk_conformance {

namespace {

class Parser {
 public:
  explicit Parser(const std::string &text) : text_(text) {}

  bool Document(JsonValue *value) {
    if (!Value(value)) return false;
    Space();
    if (pos_ != text_.size()) return Fail("trailing characters");
    return true;
  }
  std::string error() const { return error_; }

 private:
  bool Fail(const std::string &what) {
    if (error_.empty()) error_ = what + " at offset " + std::to_string(pos_);
    return false;
  }
  void Space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r')) {
      pos_++;
    }
  }
  bool Literal(const char *word) {
    std::string w = word;
    if (text_.compare(pos_, w.size(), w) != 0) return Fail("bad literal");
    pos_ += w.size();
    return true;
  }
  bool Value(JsonValue *v) {
    Space();
    if (pos_ >= text_.size()) return Fail("unexpected end");
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      // A file given on the command line may be anything: no stack overflow.
      if (depth_ == kMaxDepth) return Fail("nested deeper than " + std::to_string(kMaxDepth));
      depth_++;
      bool ok = c == '{' ? Object(v) : Array(v);
      depth_--;
      return ok;
    }
    if (c == '"') {
      v->type = JsonValue::Type::kString;
      return String(&v->string);
    }
    if (c == 't' || c == 'f') {
      v->type = JsonValue::Type::kBool;
      v->boolean = c == 't';
      return Literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') return Literal("null");
    return Number(v);
  }
  bool Number(JsonValue *v) {
    const char *start = text_.c_str() + pos_;
    char *end = nullptr;
    v->number = std::strtod(start, &end);
    if (end == start) return Fail("bad value");
    v->type = JsonValue::Type::kNumber;
    pos_ += static_cast<size_t>(end - start);
    return true;
  }
  bool String(std::string *out) {
    pos_++;  // opening quote
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (pos_ >= text_.size()) break;
      char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          *out += e;
          break;
        case 'n':
          *out += '\n';
          break;
        case 't':
          *out += '\t';
          break;
        case 'r':
          *out += '\r';
          break;
        case 'b':
          *out += '\b';
          break;
        case 'f':
          *out += '\f';
          break;
        case 'u': {
          if (pos_ + 4 > text_.size()) return Fail("short \\u escape");
          unsigned code =
              static_cast<unsigned>(std::strtoul(text_.substr(pos_, 4).c_str(), nullptr, 16));
          pos_ += 4;
          if (code > 0xff) return Fail("\\u escape beyond Latin-1 (not used by the report)");
          *out += static_cast<char>(code);
          break;
        }
        default:
          return Fail("bad escape");
      }
    }
    return Fail("unterminated string");
  }
  bool Array(JsonValue *v) {
    v->type = JsonValue::Type::kArray;
    pos_++;
    Space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      pos_++;
      return true;
    }
    for (;;) {
      v->array.emplace_back();
      if (!Value(&v->array.back())) return false;
      Space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        pos_++;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        pos_++;
        return true;
      }
      return Fail("expected , or ]");
    }
  }
  bool Object(JsonValue *v) {
    v->type = JsonValue::Type::kObject;
    pos_++;
    Space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      pos_++;
      return true;
    }
    for (;;) {
      Space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return Fail("expected a key");
      std::string key;
      if (!String(&key)) return false;
      if (v->object.count(key) != 0) return Fail("duplicate key " + key);
      Space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return Fail("expected :");
      pos_++;
      if (!Value(&v->object[key])) return false;
      v->keys.push_back(key);
      Space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        pos_++;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        pos_++;
        return true;
      }
      return Fail("expected , or }");
    }
  }

  static constexpr int kMaxDepth = 64;
  const std::string &text_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

bool ParseJson(const std::string &text, JsonValue *value, std::string *error) {
  Parser parser(text);
  *value = JsonValue();
  if (parser.Document(value)) return true;
  *error = parser.error();
  return false;
}

}  // namespace mk_conformance
