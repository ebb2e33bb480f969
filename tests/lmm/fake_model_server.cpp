#include "fake_model_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace versus::testing {
namespace {

bool SendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::size_t ContentLength(const std::string& headers) {
  const std::string lower = Lower(headers);
  const auto at = lower.find("content-length:");
  return at == std::string::npos ? 0 : std::stoul(headers.substr(at + 15));
}

}  // namespace

FakeModelServer::FakeModelServer(Handler handler) : handler_(std::move(handler)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // ephemeral
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0) {
    throw std::runtime_error("fake model server: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { Serve(); });
}

FakeModelServer::~FakeModelServer() {
  stopping_ = true;
  acceptor_.join();
  for (auto& t : connections_) t.join();
  ::close(listener_);
}

std::string FakeModelServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::size_t FakeModelServer::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::vector<FakeRequest> FakeModelServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool FakeModelServer::Sleep(int ms) const {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (stopping_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void FakeModelServer::Serve() {
  while (!stopping_) {
    pollfd pfd{listener_, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::lock_guard lock(mutex_);
    connections_.emplace_back([this, client] {
      Answer(client);
      ::close(client);
    });
  }
}

void FakeModelServer::Answer(int client) {
  std::string data;
  char buffer[65536];
  std::size_t header_end = std::string::npos;
  bool continued = false;
  FakeRequest request;
  while (!stopping_) {
    pollfd pfd{client, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) header_end = data.find("\r\n\r\n");
    if (header_end == std::string::npos) continue;
    request.headers = data.substr(0, header_end);
    // curl waits for "100 Continue" before sending a large body.
    if (!continued && Lower(request.headers).find("expect: 100-continue") != std::string::npos) {
      SendAll(client, "HTTP/1.1 100 Continue\r\n\r\n");
      continued = true;
    }
    if (data.size() - header_end - 4 >= ContentLength(request.headers)) break;
  }
  if (stopping_) return;
  const std::string first_line = request.headers.substr(0, request.headers.find("\r\n"));
  request.method = first_line.substr(0, first_line.find(' '));
  request.path = first_line.substr(first_line.find(' ') + 1, first_line.rfind(' ') - first_line.find(' ') - 1);
  request.body = data.substr(header_end + 4);
  std::size_t call = 0;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    call = requests_.size();
  }
  const FakeResponse response = handler_(request, call);
  if (!Sleep(response.delay_ms)) return;
  const std::string head = "HTTP/1.1 " + std::to_string(response.status) + " Fake\r\nContent-Type: application/json\r\n" +
                           "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
  SendAll(client, head + (response.cut_mid_body ? response.body.substr(0, response.body.size() / 2) : response.body));
}

std::string ChatAnswer(const std::string& text, const std::vector<std::pair<std::string, double>>& logprobs) {
  nlohmann::json choice = {{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "stop"}};
  if (!logprobs.empty()) {
    nlohmann::json top = nlohmann::json::array();
    for (const auto& [token, p] : logprobs) top.push_back({{"token", token}, {"logprob", std::log(p)}});
    choice["logprobs"] = {{"content", nlohmann::json::array({{{"token", logprobs[0].first},
                                                              {"logprob", std::log(logprobs[0].second)},
                                                              {"top_logprobs", top}}})}};
  }
  return nlohmann::json{{"id", "chatcmpl-fake"}, {"object", "chat.completion"}, {"choices", {choice}}}.dump();
}

}  // namespace versus::testing
