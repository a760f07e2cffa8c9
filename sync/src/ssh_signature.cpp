#include "taxa/sync/ssh_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include "base64.h"
#include "taxa/core/fs.h"
#include "taxa/core/sha256.h"
#include "taxa/sync/transport.h"

namespace taxa::sync {

namespace {

constexpr std::string_view kKeyType = "ssh-ed25519";
constexpr std::string_view kPrivateBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
constexpr std::string_view kPrivateEnd = "-----END OPENSSH PRIVATE KEY-----";
constexpr std::string_view kSignatureBegin = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view kSignatureEnd = "-----END SSH SIGNATURE-----";
constexpr std::string_view kSigMagic = "SSHSIG";  // PROTOCOL.sshsig: 6 bytes, no length
constexpr std::string_view kKeyMagic{"openssh-key-v1\0", 15};
constexpr size_t kArmorLine = 70;  // ssh-keygen's line length

// SSH wire encoding (RFC 4251): uint32 big-endian, string = uint32 length + bytes.
void PutU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}
void PutString(std::string& out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out += s;
}

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}
  bool U32(uint32_t& v) {
    if (data_.size() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(data_[i]);
    data_.remove_prefix(4);
    return true;
  }
  bool String(std::string_view& s) {
    uint32_t n = 0;
    if (!U32(n) || data_.size() < n) return false;
    s = data_.substr(0, n);
    data_.remove_prefix(n);
    return true;
  }
  bool Raw(size_t n, std::string_view& s) {
    if (data_.size() < n) return false;
    s = data_.substr(0, n);
    data_.remove_prefix(n);
    return true;
  }
  std::string_view rest() const { return data_; }

 private:
  std::string_view data_;
};

std::string KeyBlob(std::string_view raw) {
  std::string blob;
  PutString(blob, kKeyType);
  PutString(blob, raw);
  return blob;
}

// The raw key of an ed25519 key blob; nullopt (and `type` set) for another type.
std::optional<std::string> KeyFromBlob(std::string_view blob, std::string& type) {
  WireReader r(blob);
  std::string_view t, key;
  if (!r.String(t)) return std::nullopt;
  type = std::string(t);
  if (t != kKeyType || !r.String(key) || key.size() != 32 || !r.rest().empty())
    return std::nullopt;
  return std::string(key);
}

// The base64 between the armor lines `begin` and `end`; nullopt when absent.
std::optional<std::string> Dearmor(std::string_view text, std::string_view begin,
                                   std::string_view end) {
  size_t b = text.find(begin);
  if (b == std::string_view::npos) return std::nullopt;
  size_t from = b + begin.size();
  size_t e = text.find(end, from);
  if (e == std::string_view::npos) return std::nullopt;
  return Base64Decode(text.substr(from, e - from));
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::optional<std::string> Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out, &size, md, nullptr) != 1) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), size);
}

// What PROTOCOL.sshsig signs: the magic, the namespace, a reserved string,
// the hash's name and the message's hash.
std::string SignedData(std::string_view ns, std::string_view reserved, std::string_view hash_name,
                       std::string_view hash) {
  std::string data(kSigMagic);
  PutString(data, ns);
  PutString(data, reserved);
  PutString(data, hash_name);
  PutString(data, hash);
  return data;
}

// The ed25519 public key that belongs to `seed`.
std::optional<std::string> PublicOf(std::string_view seed) {
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed), seed.size()));
  if (!pkey) return std::nullopt;
  unsigned char pub[32];
  size_t size = sizeof pub;
  if (EVP_PKEY_get_raw_public_key(pkey.get(), pub, &size) != 1 || size != 32) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(pub), size);
}

}  // namespace

SshPrivateKey::~SshPrivateKey() {
  if (!seed.empty()) OPENSSL_cleanse(seed.data(), seed.size());
}

std::string SshPublicKey::Line() const {
  std::string line = std::string(kKeyType) + " " + Base64Encode(KeyBlob(key), true);
  if (!comment.empty()) line += " " + comment;
  return line;
}

std::string SshPublicKey::Fingerprint() const {
  const std::array<uint8_t, 32> digest = core::Sha256Digest(KeyBlob(key));
  return HostKeyFingerprint(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

Result<SshPublicKey> ParseSshPublicKey(std::string_view line, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  auto skip_space = [&] {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  };
  auto word = [&] {
    skip_space();
    size_t n = 0;
    while (n < line.size() && line[n] != ' ' && line[n] != '\t' && line[n] != '\n' &&
           line[n] != '\r')
      ++n;
    std::string_view w = line.substr(0, n);
    line.remove_prefix(n);
    return w;
  };
  std::string_view type = word();
  if (type.empty()) return bad("no public key (expected \"ssh-ed25519 AAAA...\")");
  if (type != kKeyType)
    return bad("a \"" + std::string(type) +
               "\" key; only ed25519 keys sign (make one with ssh-keygen -t ed25519)");
  std::optional<std::string> blob = Base64Decode(word());
  std::string blob_type;
  std::optional<std::string> key = blob ? KeyFromBlob(*blob, blob_type) : std::nullopt;
  if (!key) return bad("the key after \"ssh-ed25519\" is not a valid ed25519 public key");
  skip_space();
  std::string_view comment = line.substr(0, line.find_first_of("\r\n"));
  while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\t'))
    comment.remove_suffix(1);
  if (line.find_first_of("\r\n") != std::string_view::npos &&
      line.substr(line.find_first_of("\r\n")).find_first_not_of(" \t\r\n") !=
          std::string_view::npos)
    return bad("more than one line; give one public key");
  return SshPublicKey{.key = std::move(*key), .comment = std::string(comment)};
}

Result<SshPrivateKey> ParseSshPrivateKey(std::string_view text, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  std::optional<std::string> bytes = Dearmor(text, kPrivateBegin, kPrivateEnd);
  if (!bytes) {
    if (text.find("ENCRYPTED") != std::string_view::npos)
      return bad("an encrypted key in an old format; taxa reads OpenSSH ed25519 keys "
                 "(ssh-keygen -t ed25519)");
    return bad("not an OpenSSH private key (\"" + std::string(kPrivateBegin) +
               "\"); make one with ssh-keygen -t ed25519");
  }
  WireReader r(*bytes);
  std::string_view magic, cipher, kdf, kdf_options, public_blob, private_section;
  uint32_t count = 0;
  if (!r.Raw(kKeyMagic.size(), magic) || magic != kKeyMagic || !r.String(cipher) ||
      !r.String(kdf) || !r.String(kdf_options) || !r.U32(count))
    return bad("a damaged OpenSSH private key (its header cannot be read)");
  if (cipher != "none")
    return bad(
        "the key is protected by a passphrase, which taxa cannot ask for; give taxa an "
        "unencrypted copy kept private (cp KEY KEY.taxa && ssh-keygen -p -N \"\" -f KEY.taxa, "
        "then taxa config --user taxa.signingKey KEY.taxa)");
  if (count != 1) return bad("holds " + std::to_string(count) + " keys; expected one");
  if (!r.String(public_blob) || !r.String(private_section))
    return bad("a damaged OpenSSH private key (its key cannot be read)");
  std::string type;
  std::optional<std::string> pub = KeyFromBlob(public_blob, type);
  if (!pub)
    return bad("a \"" + type + "\" key; taxa signs with ed25519 keys only (ssh-keygen -t ed25519)");

  WireReader p(private_section);
  uint32_t check1 = 0, check2 = 0;
  std::string_view ptype, ppub, psecret, comment;
  if (!p.U32(check1) || !p.U32(check2) || check1 != check2 || !p.String(ptype) ||
      ptype != kKeyType || !p.String(ppub) || ppub != *pub || !p.String(psecret) ||
      psecret.size() != 64 || !p.String(comment))
    return bad("a damaged OpenSSH private key (its private part does not match its public key)");
  std::string_view padding = p.rest();
  for (size_t i = 0; i < padding.size(); ++i)
    if (static_cast<unsigned char>(padding[i]) != i + 1)
      return bad("a damaged OpenSSH private key (bad padding)");
  SshPrivateKey key;
  key.seed = std::string(psecret.substr(0, 32));
  // The file's public key must be the one its seed makes; otherwise every
  // signature would name a key that did not make it.
  std::optional<std::string> derived = PublicOf(key.seed);
  if (!derived || *derived != *pub || psecret.substr(32) != *pub)
    return bad("a damaged OpenSSH private key (its seed does not make its public key)");
  key.public_key = SshPublicKey{.key = std::move(*pub), .comment = std::string(comment)};
  return key;
}

Result<SshPrivateKey> ReadSshPrivateKey(const std::string& path) {
  TAXA_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  Result<SshPrivateKey> key = ParseSshPrivateKey(text, path);
  OPENSSL_cleanse(text.data(), text.size());
  return key;
}

Result<std::string> SshSign(const SshPrivateKey& key, std::string_view message,
                            std::string_view ns) {
  std::optional<std::string> hash = Digest(EVP_sha512(), message);
  PkeyPtr pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(key.seed), key.seed.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!hash || !pkey || !ctx) return Status::Internal("OpenSSL cannot make an ed25519 key");
  std::string data = SignedData(ns, "", "sha512", *hash);
  unsigned char sig[64];
  size_t sig_size = sizeof sig;
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &sig_size, Bytes(data), data.size()) != 1 || sig_size != 64)
    return Status::Internal("OpenSSL cannot sign with the ed25519 key");

  std::string blob(kSigMagic);
  PutU32(blob, 1);  // version
  PutString(blob, KeyBlob(key.public_key.key));
  PutString(blob, ns);
  PutString(blob, "");  // reserved
  PutString(blob, "sha512");
  std::string signature;
  PutString(signature, kKeyType);
  PutString(signature, std::string_view(reinterpret_cast<const char*>(sig), sig_size));
  PutString(blob, signature);

  std::string text = Base64Encode(blob, true);
  std::string armored = std::string(kSignatureBegin) + "\n";
  for (size_t i = 0; i < text.size(); i += kArmorLine) armored += text.substr(i, kArmorLine) + "\n";
  armored += std::string(kSignatureEnd) + "\n";
  return armored;
}

Result<SshPublicKey> SshVerify(std::string_view signature, std::string_view message,
                               std::string_view ns) {
  std::optional<std::string> blob = Dearmor(signature, kSignatureBegin, kSignatureEnd);
  if (!blob) return Status::InvalidInput("not an ssh signature (\"" + std::string(kSignatureBegin) + "\")");
  auto bad = [](const std::string& why) { return Status::InvalidInput("ssh signature: " + why); };
  WireReader r(*blob);
  std::string_view magic, key_blob, sig_ns, reserved, hash_name, sig_blob;
  uint32_t version = 0;
  if (!r.Raw(kSigMagic.size(), magic) || magic != kSigMagic || !r.U32(version))
    return bad("it does not start with SSHSIG");
  if (version != 1) return bad("version " + std::to_string(version) + "; expected 1");
  if (!r.String(key_blob) || !r.String(sig_ns) || !r.String(reserved) || !r.String(hash_name) ||
      !r.String(sig_blob) || !r.rest().empty())
    return bad("damaged (its fields cannot be read)");
  if (sig_ns != ns)
    return bad("made for namespace \"" + std::string(sig_ns) + "\", not \"" + std::string(ns) + "\"");
  std::string type;
  std::optional<std::string> pub = KeyFromBlob(key_blob, type);
  if (!pub) return bad("made with a \"" + type + "\" key; only ed25519 is accepted");
  const EVP_MD* md = hash_name == "sha512" ? EVP_sha512() : hash_name == "sha256" ? EVP_sha256() : nullptr;
  if (md == nullptr) return bad("hash \"" + std::string(hash_name) + "\" is not sha512 or sha256");
  WireReader s(sig_blob);
  std::string_view sig_type, sig;
  if (!s.String(sig_type) || sig_type != kKeyType || !s.String(sig) || sig.size() != 64 ||
      !s.rest().empty())
    return bad("its ed25519 signature cannot be read");
  std::optional<std::string> hash = Digest(md, message);
  PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(*pub), pub->size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!hash || !pkey || !ctx) return Status::Internal("OpenSSL cannot read the ed25519 key");
  std::string data = SignedData(sig_ns, reserved, hash_name, *hash);
  SshPublicKey signer{.key = std::move(*pub), .comment = ""};
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestVerify(ctx.get(), Bytes(sig), sig.size(), Bytes(data), data.size()) != 1)
    return Status::PermissionDenied("the signature by " + signer.Fingerprint() +
                                    " does not match the signed data (changed since signing?)");
  return signer;
}

}  // namespace taxa::sync
