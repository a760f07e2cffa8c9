// SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA extensions
// where present (about ten times a portable implementation).
#include "taxa/core/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace taxa::core {

namespace {

// Every return code of libcrypto is checked. A library that cannot hash is
// a broken installation, not bad input: going on would write wrong event
// ids into the repository, so the process stops with one line instead.
void Check(bool ok, const char* step) {
  if (ok) return;
  char why[256] = "no reason given";
  if (unsigned long e = ERR_get_error(); e != 0) ERR_error_string_n(e, why, sizeof why);
  std::fprintf(stderr, "taxa: libcrypto cannot compute SHA-256 (%s: %s)\n", step, why);
  std::abort();
}

template <size_t N>
std::array<uint8_t, N> FinishDigest(void* ctx) {
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  Check(EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx), out.data(), &len) == 1 && len == N,
        "EVP_DigestFinal_ex");
  return out;
}

void* NewDigest(const EVP_MD* md) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Check(ctx != nullptr, "EVP_MD_CTX_new");
  Check(EVP_DigestInit_ex(ctx, md, nullptr) == 1, "EVP_DigestInit_ex");
  return ctx;
}

void UpdateDigest(void* ctx, std::string_view data) {
  Check(EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx), data.data(), data.size()) == 1,
        "EVP_DigestUpdate");
}

}  // namespace

Sha256::Sha256() : ctx_(NewDigest(EVP_sha256())) {}
Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Sha256::Update(std::string_view data) { UpdateDigest(ctx_, data); }
std::array<uint8_t, 32> Sha256::Finish() { return FinishDigest<32>(ctx_); }

Sha1::Sha1() : ctx_(NewDigest(EVP_sha1())) {}
Sha1::~Sha1() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Sha1::Update(std::string_view data) { UpdateDigest(ctx_, data); }
std::array<uint8_t, 20> Sha1::Finish() { return FinishDigest<20>(ctx_); }

std::string HexOf(const uint8_t* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * size, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 15];
  }
  return out;
}

namespace {

// OpenSSL 3 looks the algorithm up on every EVP_Digest (a locked query of
// its providers), which costs more than hashing a label event: fetch it once
// and keep one context per thread.
const EVP_MD* FetchedSha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct ThreadContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~ThreadContext() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string Sha256Hex(std::string_view data) {
  std::array<uint8_t, 32> digest = Sha256Digest(data);
  return HexOf(digest.data(), digest.size());
}

std::array<uint8_t, 32> Sha256Digest(std::string_view data) {
  std::array<uint8_t, 32> digest{};
  unsigned int len = 0;
  thread_local ThreadContext local;
  const EVP_MD* md = FetchedSha256();
  Check(md != nullptr, "EVP_MD_fetch");
  Check(local.ctx != nullptr, "EVP_MD_CTX_new");
  Check(EVP_DigestInit_ex2(local.ctx, md, nullptr) == 1, "EVP_DigestInit_ex2");
  Check(EVP_DigestUpdate(local.ctx, data.data(), data.size()) == 1, "EVP_DigestUpdate");
  Check(EVP_DigestFinal_ex(local.ctx, digest.data(), &len) == 1 && len == 32,
        "EVP_DigestFinal_ex");
  return digest;
}

}  // namespace taxa::core
