// SKOS in Turtle, written and read with libserd (taxonomy_exchange.h).
#include <serd/serd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "taxa/core/taxonomy_exchange.h"
#include "taxonomy_import.h"

namespace taxa::core {

namespace {

constexpr char kRdf[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr char kRdfs[] = "http://www.w3.org/2000/01/rdf-schema#";
constexpr char kSkos[] = "http://www.w3.org/2004/02/skos/core#";
constexpr char kOwl[] = "http://www.w3.org/2002/07/owl#";
constexpr char kDct[] = "http://purl.org/dc/terms/";
constexpr char kXsd[] = "http://www.w3.org/2001/XMLSchema#";

constexpr std::string_view kUseWhen = "Use when: ";
constexpr std::string_view kDoNotUseWhen = "Do not use when: ";

std::string Rdf(const char* local) { return std::string(kRdf) + local; }
std::string Rdfs(const char* local) { return std::string(kRdfs) + local; }
std::string Skos(const char* local) { return std::string(kSkos) + local; }
std::string Owl(const char* local) { return std::string(kOwl) + local; }
std::string Dct(const char* local) { return std::string(kDct) + local; }
std::string Taxa(const char* local) { return std::string(kTaxaVocabulary) + local; }

// The IRIs DecodeSkos compares with each triple, built once per file.
struct ReadIris {
  std::string type = Rdf("type"), concept_class = Skos("Concept"),
              attribute_class = Taxa("Attribute"), notation = Skos("notation"),
              label = Rdfs("label"), attribute_type = Taxa("type"),
              attribute_value = Taxa("value"), comment = Rdfs("comment"),
              narrower = Skos("narrower"), pref_label = Skos("prefLabel"),
              definition = Skos("definition"), broader = Skos("broader"),
              scope_note = Skos("scopeNote"), example = Skos("example"),
              near_miss = Taxa("nearMiss"), attribute = Taxa("attribute"),
              sensitive = Taxa("sensitive"), status = Taxa("status"),
              deprecated = Owl("deprecated"), replaced_by = Dct("isReplacedBy");
};

// ---- writing ----

size_t AppendSink(const void* buf, size_t len, void* stream) {
  static_cast<std::string*>(stream)->append(static_cast<const char*>(buf), len);
  return len;
}

class TurtleWriter {
 public:
  TurtleWriter() {
    env_ = serd_env_new(nullptr);
    writer_ = serd_writer_new(SERD_TURTLE,
                              static_cast<SerdStyle>(SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED),
                              env_, nullptr, AppendSink, &out_);
  }
  ~TurtleWriter() {
    serd_writer_free(writer_);
    serd_env_free(env_);
  }
  TurtleWriter(const TurtleWriter&) = delete;
  TurtleWriter& operator=(const TurtleWriter&) = delete;

  void Prefix(const char* name, const std::string& iri) {
    SerdNode n = serd_node_from_string(SERD_LITERAL, reinterpret_cast<const uint8_t*>(name));
    SerdNode u = serd_node_from_string(SERD_URI, reinterpret_cast<const uint8_t*>(iri.c_str()));
    serd_env_set_prefix(env_, &n, &u);
    serd_writer_set_prefix(writer_, &n, &u);
  }
  void Iri(const std::string& s, const std::string& p, const std::string& o) {
    Write(s, p, serd_node_from_string(SERD_URI, U(o)), nullptr);
  }
  void Text(const std::string& s, const std::string& p, const std::string& text) {
    Write(s, p, serd_node_from_substring(SERD_LITERAL, U(text), text.size()), nullptr);
  }
  void True(const std::string& s, const std::string& p) {
    static const std::string kBoolean = std::string(kXsd) + "boolean";
    SerdNode type = serd_node_from_string(SERD_URI, U(kBoolean));
    Write(s, p, serd_node_from_string(SERD_LITERAL, U(std::string("true"))), &type);
  }
  Result<std::string> Finish() {
    if (failed_) return Status::Internal("serd could not write the Turtle");
    serd_writer_finish(writer_);
    return std::move(out_);
  }

 private:
  static const uint8_t* U(const std::string& s) {
    return reinterpret_cast<const uint8_t*>(s.c_str());
  }
  void Write(const std::string& s, const std::string& p, SerdNode o, const SerdNode* type) {
    SerdNode sn = serd_node_from_string(SERD_URI, U(s));
    SerdNode pn = serd_node_from_string(SERD_URI, U(p));
    if (serd_writer_write_statement(writer_, 0, nullptr, &sn, &pn, &o, type, nullptr) !=
        SERD_SUCCESS)
      failed_ = true;
  }

  std::string out_;
  SerdEnv* env_ = nullptr;
  SerdWriter* writer_ = nullptr;
  bool failed_ = false;
};

std::string CategoryIri(const SkosOptions& o, const std::string& id) {
  return o.scheme + ":category:" + id;
}
std::string AttributeIri(const SkosOptions& o, const std::string& id) {
  return o.scheme + ":attribute:" + id;
}

// ---- reading ----

struct Triple {
  std::string subject, predicate, object;
  bool literal = false;
  size_t line = 0;  // where the object ends
};

struct Reader {
  std::string_view bytes;
  size_t pos = 0;
  SerdEnv* env = nullptr;
  std::vector<Triple> triples;
  std::string error;  // serd's first error, "LINE: message"
  size_t error_line = 0;

  // The line of the last byte serd consumed (it has read one byte ahead).
  // Counted on from the last call: serd only moves forward.
  size_t Line() {
    for (; counted + 1 < pos && counted < bytes.size(); ++counted)
      if (bytes[counted] == '\n') ++line;
    return line;
  }
  size_t counted = 0;  // bytes whose line breaks `line` holds
  size_t line = 1;
};

size_t ReadSource(void* buf, size_t size, size_t nmemb, void* stream) {
  Reader* r = static_cast<Reader*>(stream);
  size_t want = size * nmemb;
  if (r->pos >= r->bytes.size()) return 0;
  size_t n = std::min(want, r->bytes.size() - r->pos);
  std::memcpy(buf, r->bytes.data() + r->pos, n);
  r->pos += n;
  return n;
}

int SourceError(void*) { return 0; }

SerdStatus OnBase(void* handle, const SerdNode* uri) {
  return serd_env_set_base_uri(static_cast<Reader*>(handle)->env, uri);
}

SerdStatus OnPrefix(void* handle, const SerdNode* name, const SerdNode* uri) {
  return serd_env_set_prefix(static_cast<Reader*>(handle)->env, name, uri);
}

std::string Expand(const Reader& r, const SerdNode* node) {
  if (node->type == SERD_BLANK) return "_:" + std::string(reinterpret_cast<const char*>(node->buf));
  if (node->type == SERD_CURIE || node->type == SERD_URI) {
    SerdNode full = serd_env_expand_node(r.env, node);
    if (full.buf != nullptr) {
      std::string out(reinterpret_cast<const char*>(full.buf), full.n_bytes);
      serd_node_free(&full);
      return out;
    }
  }
  return std::string(reinterpret_cast<const char*>(node->buf), node->n_bytes);
}

SerdStatus OnStatement(void* handle, SerdStatementFlags, const SerdNode*, const SerdNode* subject,
                       const SerdNode* predicate, const SerdNode* object, const SerdNode*,
                       const SerdNode*) {
  Reader* r = static_cast<Reader*>(handle);
  Triple t;
  t.subject = Expand(*r, subject);
  t.predicate = Expand(*r, predicate);
  t.literal = object->type == SERD_LITERAL;
  t.object = t.literal ? std::string(reinterpret_cast<const char*>(object->buf), object->n_bytes)
                       : Expand(*r, object);
  t.line = r->Line();
  r->triples.push_back(std::move(t));
  return SERD_SUCCESS;
}

SerdStatus OnError(void* handle, const SerdError* e) {
  Reader* r = static_cast<Reader*>(handle);
  if (r->error_line != 0) return SERD_SUCCESS;
  char text[512];
  va_list args;
  va_copy(args, *e->args);
  std::vsnprintf(text, sizeof text, e->fmt, args);
  va_end(args);
  std::string message = text;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  r->error_line = e->line == 0 ? 1 : e->line;
  r->error = message;
  return SERD_SUCCESS;
}

// The last part of an IRI after ':', '/' or '#'.
std::string LocalPart(const std::string& iri) {
  size_t cut = iri.find_last_of(":/#");
  return cut == std::string::npos ? iri : iri.substr(cut + 1);
}

}  // namespace

Result<std::string> EncodeSkos(const Taxonomy& t, const SkosOptions& options) {
  TurtleWriter w;
  w.Prefix("rdf", kRdf);
  w.Prefix("rdfs", kRdfs);
  w.Prefix("skos", kSkos);
  w.Prefix("owl", kOwl);
  w.Prefix("dct", kDct);
  w.Prefix("xsd", kXsd);
  w.Prefix("taxa", std::string(kTaxaVocabulary));
  const std::string& scheme = options.scheme;
  w.Iri(scheme, Rdf("type"), Skos("ConceptScheme"));
  if (!options.title.empty()) w.Text(scheme, Skos("prefLabel"), options.title);
  for (const std::string& root : t.Children(""))
    w.Iri(scheme, Skos("hasTopConcept"), CategoryIri(options, root));

  for (const auto& [id, a] : t.attributes()) {
    std::string s = AttributeIri(options, id);
    w.Iri(s, Rdf("type"), Taxa("Attribute"));
    w.Text(s, Skos("notation"), id);
    w.Text(s, Rdfs("label"), a.name);
    w.Text(s, Taxa("type"), std::string(AttributeTypeName(a.type)));
    for (const std::string& v : a.values) w.Text(s, Taxa("value"), v);
    if (!a.description.empty()) w.Text(s, Rdfs("comment"), a.description);
  }
  for (const auto& [id, depth] : t.TreeOrder()) {
    const Category& c = *t.Find(id);
    std::string s = CategoryIri(options, id);
    w.Iri(s, Rdf("type"), Skos("Concept"));
    w.Iri(s, Skos("inScheme"), scheme);
    w.Text(s, Skos("notation"), id);
    w.Text(s, Skos("prefLabel"), c.name);
    if (c.parent.empty())
      w.Iri(s, Skos("topConceptOf"), scheme);
    else
      w.Iri(s, Skos("broader"), CategoryIri(options, c.parent));
    if (!c.definition.empty()) w.Text(s, Skos("definition"), c.definition);
    for (const std::string& r : c.include) w.Text(s, Skos("scopeNote"), std::string(kUseWhen) + r);
    for (const std::string& r : c.exclude)
      w.Text(s, Skos("scopeNote"), std::string(kDoNotUseWhen) + r);
    for (const std::string& e : c.examples) w.Text(s, Skos("example"), e);
    for (const std::string& n : c.near_misses) w.Text(s, Taxa("nearMiss"), n);
    for (const std::string& a : c.attributes) w.Iri(s, Taxa("attribute"), AttributeIri(options, a));
    if (c.sensitive) w.True(s, Taxa("sensitive"));
    if (c.status == CategoryStatus::kDraft) w.Text(s, Taxa("status"), "draft");
    if (c.status == CategoryStatus::kDeprecated) {
      w.True(s, Owl("deprecated"));
      if (!c.replaced_by.empty()) w.Iri(s, Dct("isReplacedBy"), CategoryIri(options, c.replaced_by));
      for (const std::string& part : c.split_into)
        w.Iri(s, Dct("isReplacedBy"), CategoryIri(options, part));
    }
  }
  return w.Finish();
}

Result<Taxonomy> DecodeSkos(std::string_view bytes, std::string_view name, const Taxonomy& into) {
  Reader r;
  r.bytes = bytes;
  r.env = serd_env_new(nullptr);
  SerdReader* reader =
      serd_reader_new(SERD_TURTLE, &r, nullptr, OnBase, OnPrefix, OnStatement, nullptr);
  serd_reader_set_error_sink(reader, OnError, &r);
  std::string file(name);
  // One byte at a time, so that the bytes read so far say the line of each triple.
  SerdStatus st = serd_reader_read_source(reader, ReadSource, SourceError, &r,
                                          reinterpret_cast<const uint8_t*>(file.c_str()), 1);
  serd_reader_free(reader);
  serd_env_free(r.env);
  auto at = [&](size_t line, const std::string& why) {
    return Status::InvalidInput(file + ":" + std::to_string(line) + ": " + why);
  };
  if (r.error_line != 0) return at(r.error_line, "not valid Turtle: " + r.error);
  if (st != SERD_SUCCESS && st != SERD_FAILURE) return at(r.Line(), "not valid Turtle");

  const ReadIris iri;
  // Subjects typed as concepts and attributes, in file order.
  std::map<std::string, size_t> concept_index, attribute_index;
  ImportedTaxonomy imported;
  for (const Triple& t : r.triples) {
    if (t.predicate != iri.type || t.literal) continue;
    if (t.object == iri.concept_class &&
        concept_index.emplace(t.subject, imported.categories.size()).second) {
      ImportedCategory ic;
      ic.category.id = LocalPart(t.subject);
      ic.line = t.line;
      imported.categories.push_back(std::move(ic));
    } else if (t.object == iri.attribute_class &&
               attribute_index.emplace(t.subject, imported.attributes.size()).second) {
      ImportedAttribute ia;
      ia.attribute.id = LocalPart(t.subject);
      ia.line = t.line;
      imported.attributes.push_back(std::move(ia));
    }
  }
  // Ids first (skos:notation), so that links can name them.
  for (const Triple& t : r.triples) {
    if (t.predicate != iri.notation || !t.literal) continue;
    if (auto it = concept_index.find(t.subject); it != concept_index.end())
      imported.categories[it->second].category.id = t.object;
    if (auto it = attribute_index.find(t.subject); it != attribute_index.end())
      imported.attributes[it->second].attribute.id = t.object;
  }
  // A linked concept: one of the file's, or a category of the taxonomy by the IRI's last part.
  auto concept_id = [&](const Triple& t, const std::string& iri) -> Result<std::string> {
    if (auto it = concept_index.find(iri); it != concept_index.end())
      return imported.categories[it->second].category.id;
    std::string local = LocalPart(iri);
    if (into.Find(local) != nullptr) return local;
    return at(t.line, "<" + iri + "> is not a skos:Concept of this file or a category of the taxonomy");
  };
  auto attribute_id = [&](const Triple& t) -> Result<std::string> {
    if (auto it = attribute_index.find(t.object); it != attribute_index.end())
      return imported.attributes[it->second].attribute.id;
    std::string local = LocalPart(t.object);
    if (into.FindAttribute(local) != nullptr) return local;
    return at(t.line, "<" + t.object + "> is not a taxa:Attribute of this file or the taxonomy");
  };
  auto is_true = [](const Triple& t) { return t.object == "true" || t.object == "1"; };
  auto set_parent = [&](ImportedCategory& child, const std::string& parent,
                        size_t line) -> Status {
    if (child.category.parent == parent) return Status::Ok();  // said twice (broader and narrower)
    if (!child.category.parent.empty()) {
      return at(line, "category \"" + child.category.id + "\" has a second parent \"" + parent +
                          "\" besides \"" + child.category.parent + "\" (a category has one)");
    }
    child.category.parent = parent;
    child.parent_line = line;
    return Status::Ok();
  };

  // By the index of the concept in imported.categories.
  std::vector<std::vector<std::string>> replacements(imported.categories.size());
  std::vector<bool> named(imported.categories.size(), false);
  for (const Triple& t : r.triples) {
    if (auto it = attribute_index.find(t.subject); it != attribute_index.end()) {
      Attribute& a = imported.attributes[it->second].attribute;
      if (t.predicate == iri.label) {
        a.name = t.object;
      } else if (t.predicate == iri.attribute_type) {
        Result<AttributeType> type = ParseAttributeType(t.object);
        if (!type.ok()) return at(t.line, type.status().message());
        a.type = *type;
      } else if (t.predicate == iri.attribute_value) {
        a.values.push_back(t.object);
      } else if (t.predicate == iri.comment) {
        a.description = t.object;
      }
      continue;
    }
    if (t.predicate == iri.narrower) {
      if (auto child = concept_index.find(t.object); child != concept_index.end()) {
        TAXA_ASSIGN_OR_RETURN(std::string parent, concept_id(t, t.subject));
        TAXA_RETURN_IF_ERROR(set_parent(imported.categories[child->second], parent, t.line));
        continue;
      }
    }
    auto it = concept_index.find(t.subject);
    if (it == concept_index.end()) continue;
    ImportedCategory& ic = imported.categories[it->second];
    Category& c = ic.category;
    const std::string& p = t.predicate;
    if (p == iri.pref_label) {
      if (!named[it->second]) c.name = t.object;
      named[it->second] = true;
    } else if (p == iri.definition) {
      c.definition = t.object;
    } else if (p == iri.broader) {
      TAXA_ASSIGN_OR_RETURN(std::string parent, concept_id(t, t.object));
      TAXA_RETURN_IF_ERROR(set_parent(ic, parent, t.line));
    } else if (p == iri.scope_note) {
      std::string_view note = t.object;
      if (note.starts_with(kDoNotUseWhen))
        c.exclude.emplace_back(note.substr(kDoNotUseWhen.size()));
      else if (note.starts_with(kUseWhen))
        c.include.emplace_back(note.substr(kUseWhen.size()));
      else
        c.include.emplace_back(note);
    } else if (p == iri.example) {
      c.examples.push_back(t.object);
    } else if (p == iri.near_miss) {
      c.near_misses.push_back(t.object);
    } else if (p == iri.attribute) {
      TAXA_ASSIGN_OR_RETURN(std::string a, attribute_id(t));
      c.attributes.push_back(a);
    } else if (p == iri.sensitive) {
      c.sensitive = is_true(t);
    } else if (p == iri.status) {
      Result<CategoryStatus> status = ParseCategoryStatus(t.object);
      if (!status.ok()) return at(t.line, status.status().message());
      if (c.status != CategoryStatus::kDeprecated) c.status = *status;
    } else if (p == iri.deprecated) {
      if (is_true(t)) c.status = CategoryStatus::kDeprecated;
    } else if (p == iri.replaced_by) {
      TAXA_ASSIGN_OR_RETURN(std::string by, concept_id(t, t.object));
      replacements[it->second].push_back(by);
    }
  }
  for (size_t i = 0; i < imported.categories.size(); ++i) {
    ImportedCategory& ic = imported.categories[i];
    if (!named[i]) return at(ic.line, "concept \"" + ic.category.id + "\" has no skos:prefLabel");
    std::vector<std::string>& by = replacements[i];
    if (by.size() == 1) ic.category.replaced_by = by.front();
    if (by.size() >= 2) ic.category.split_into = by;
  }
  for (ImportedAttribute& ia : imported.attributes)
    if (ia.attribute.name.empty()) ia.attribute.name = ia.attribute.id;
  return MergeImported(into, imported, file);
}

}  // namespace taxa::core
