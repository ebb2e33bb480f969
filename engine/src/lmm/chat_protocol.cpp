// The wire format: OpenAI-compatible chat completions with Co-Instruct's interleaved
// image/text content, and reading the answer back (text, answer-token log-probabilities).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "lmm_pvt.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::lmm {
namespace {

using nlohmann::json;

constexpr std::string_view kOrdinals[] = {"first", "second", "third", "fourth"};
constexpr std::string_view kDataUrlPrefix = "data:image/jpeg;base64,";

// Fields read from the server's JSON, whatever their type turns out to be: a server
// that sends a number where a string belongs gets no answer word, not an exception.
std::string TextField(const json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

double LogprobField(const json& object) {
  if (!object.is_object()) return -1e9;
  const auto it = object.find("logprob");
  // A log-probability is at most 0; anything else would turn the softmax into inf/inf.
  return it != object.end() && it->is_number() ? std::min(it->get<double>(), 0.0) : -1e9;
}

// A token as servers spell it (" First", "▁second", "Ġthird", "**first") -> its letters.
std::string Letters(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (std::isalpha(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Index of the ordinal word `word` names among the first `n`, or -1.
int OrdinalIndex(std::string_view word, std::size_t n) {
  for (std::size_t i = 0; i < n && i < std::size(kOrdinals); ++i) {
    if (word == kOrdinals[i]) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  for (char c : line) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

std::string FirstLine(const std::string& text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

// Softmax over the ordinal words at the answer token (Compare2Score's soft comparison):
// alternatives spelling the same ordinal add up; an ordinal missing from the top-N list
// gets the smallest listed probability, an upper bound on its true one.
std::optional<std::vector<double>> OrdinalDistribution(const json& entry, std::size_t n) {
  const json* alternatives = entry.contains("top_logprobs") ? &entry["top_logprobs"] : nullptr;
  if (alternatives == nullptr || !alternatives->is_array() || alternatives->empty()) return std::nullopt;
  std::map<std::string, double> by_token;  // raw token -> probability, each counted once
  by_token[TextField(entry, "token")] = std::exp(LogprobField(entry));
  for (const json& alt : *alternatives) by_token[TextField(alt, "token")] = std::exp(LogprobField(alt));
  double floor = 1.0;
  std::vector<double> mass(n, 0.0);
  for (const auto& [token, p] : by_token) {
    floor = std::min(floor, p);
    if (const int i = OrdinalIndex(Letters(token), n); i >= 0) mass[i] += p;
  }
  double total = 0.0;
  for (double& m : mass) total += (m = m > 0.0 ? m : floor);
  if (!(total > 0.0)) return std::nullopt;
  for (double& m : mass) m /= total;
  return mass;
}

std::optional<std::vector<double>> AnswerTokenDistribution(const json& choice, std::size_t n) {
  if (!choice.contains("logprobs") || !choice["logprobs"].is_object()) return std::nullopt;
  const json& logprobs = choice["logprobs"];
  if (!logprobs.contains("content") || !logprobs["content"].is_array()) return std::nullopt;
  const json& content = logprobs["content"];
  // Only the first line holds the pick: an ordinal in the explanation ("... than the
  // first") must not stand in for an answer word the tokenizer split.
  std::string seen;
  for (const json& entry : content) {
    if (!entry.is_object()) continue;
    const std::string token = TextField(entry, "token");
    if (OrdinalIndex(Letters(token), n) >= 0) return OrdinalDistribution(entry, n);
    seen += token;
    if (token.find('\n') != std::string::npos && seen.find_first_not_of(" \t\r\n") != std::string::npos) break;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Ordinal(std::size_t index) { return kOrdinals[index]; }

std::string RequestBody(const ChatRequest& request) {
  json content = json::array();
  for (std::size_t i = 0; i < request.image_urls.size(); ++i) {
    const std::string label = std::string(i == 0 ? "The " : " The ") + std::string(Ordinal(i)) + " image: ";
    content.push_back({{"type", "text"}, {"text", label}});
    content.push_back({{"type", "image_url"}, {"image_url", {{"url", request.image_urls[i]}}}});
  }
  content.push_back({{"type", "text"}, {"text", " " + request.question}});
  json body = {{"model", request.model},
               {"messages", json::array({{{"role", "user"}, {"content", content}}})},
               {"temperature", request.temperature},
               {"max_tokens", request.max_tokens}};
  if (request.logprobs) {
    body["logprobs"] = true;
    body["top_logprobs"] = request.top_logprobs;
  }
  return body.dump();
}

std::string ElideImages(const std::string& body) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = body.find(kDataUrlPrefix); at != std::string::npos; at = body.find(kDataUrlPrefix, from)) {
    const std::size_t data = at + kDataUrlPrefix.size();
    const std::size_t end = std::min(body.find('"', data), body.size());
    out += body.substr(from, data - from) + "<" + std::to_string(end - data) + " base64 bytes>";
    from = end;
  }
  return out + body.substr(std::min(from, body.size()));
}

ChatReply ParseReply(const std::string& body, std::size_t image_count) {
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    throw Error("the model server's reply is not valid JSON (starts: '" + Truncated(Printable(body.substr(0, 80), false), 80) + "')");
  }
  if (!doc.is_object()) throw Error("the model server's reply is not a JSON object (starts: '" + Truncated(Printable(body.substr(0, 80), false), 80) + "')");
  if (doc.contains("error")) {
    const std::string error = doc["error"].dump(-1, ' ', false, json::error_handler_t::replace);
    throw Error("the model server reported an error: " + Truncated(Printable(error, false), 300));
  }
  const json* choice = nullptr;
  if (doc.contains("choices") && doc["choices"].is_array() && !doc["choices"].empty()) choice = &doc["choices"][0];
  if (choice == nullptr || !choice->is_object() || !choice->contains("message") || !(*choice)["message"].is_object() ||
      !(*choice)["message"].contains("content") || !(*choice)["message"]["content"].is_string()) {
    throw Error("the model server's reply has no answer text (choices[0].message.content is missing)");
  }
  ChatReply reply;
  reply.text = (*choice)["message"]["content"].get<std::string>();
  reply.p_first_named = AnswerTokenDistribution(*choice, image_count);
  return reply;
}

std::vector<std::size_t> NamedOrder(const std::string& text, std::size_t image_count) {
  // A bare list ("second, first, third") is an order; in a sentence ("The second image
  // is sharper than the first") only the first ordinal is the model's pick.
  static const std::vector<std::string_view> kListWords = {"the", "image", "images", "and", "then", "best",
                                                           "worst", "to", "from", "answer", "order", "ranking"};
  std::vector<std::size_t> order;
  bool sentence = false;
  for (const std::string& word : Words(FirstLine(text))) {
    const int i = OrdinalIndex(word, image_count);
    if (i < 0) {
      sentence = sentence || std::find(kListWords.begin(), kListWords.end(), word) == kListWords.end();
      continue;
    }
    if (std::find(order.begin(), order.end(), std::size_t(i)) == order.end()) order.push_back(std::size_t(i));
  }
  if (sentence && order.size() > 1) order.resize(1);
  return order;
}

std::string Explanation(const std::string& text) {
  const std::string first = FirstLine(text);
  const std::size_t after = text.find(first) + first.size();
  const std::size_t start = text.find_first_not_of(" \t\r\n", after);
  if (start == std::string::npos) return first;
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end + 1 - start);
}

}  // namespace versus::engine::lmm
