#include "harness/scenario/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>

namespace proofup::scenario {
namespace {

// Records where the current document's first node is (or, for an empty
// document, where it starts); the content itself is built by YAML::Load.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> start;
  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark;
    have_node_ = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Node(mark);
  }
  void OnMapEnd() override {}

 private:
  void Node(const YAML::Mark& mark) {
    if (!have_node_) start = mark;
    have_node_ = true;
  }
  bool have_node_ = false;
};

}  // namespace

FirstDocument LoadFirstDocument(const std::string& text) {
  FirstDocument result;
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  if (parser.HandleNextDocument(starts) && parser.HandleNextDocument(starts)) {
    result.second_starts = starts.start.value_or(YAML::Mark());
  }
  result.root = YAML::Load(text);  // the first document only
  return result;
}

}  // namespace proofup::scenario
