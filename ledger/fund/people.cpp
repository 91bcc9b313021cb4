#include "ledger/fund/people.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace poolbook::fund {
namespace {

// The ten digits of a well-formed number ("9434765919" or "943 476 5919"), or empty.
std::string Digits(std::string_view text) {
  std::string digits;
  const bool grouped = text.size() == 12;
  if (!grouped && text.size() != 10) return "";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool space_here = grouped && (i == 3 || i == 7);
    if (space_here) {
      if (text[i] != ' ') return "";
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return "";
    digits += text[i];
  }
  return digits;
}

}  // namespace

Status CheckNhsNumber(std::string_view text) {
  const std::string digits = Digits(text);
  if (digits.empty()) {
    return InvalidArgument(
        "the NHS number is not ten digits (with or without a space after the third and the sixth digit)",
        "nhs_number");
  }
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10 || check != digits[9] - '0') {
    return InvalidArgument(
        "the NHS number is not valid: its check digit does not match; check it was typed correctly",
        "nhs_number");
  }
  return Status::Ok();
}

StatusOr<std::string> PseudonymForNhsNumber(std::string_view nhs_number, std::string_view secret) {
  POOLBOOK_RETURN_IF_ERROR(CheckNhsNumber(nhs_number));
  if (secret.size() < kPseudonymSecretBytesMin) {
    return FailedPrecondition("the pseudonym secret is shorter than " +
                              std::to_string(kPseudonymSecretBytesMin) +
                              " bytes; set a longer one in the server configuration");
  }
  const std::string digits = Digits(nhs_number);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(digits.data()), digits.size(), mac, &mac_len) == nullptr) {
    return Internal("the pseudonym could not be computed (HMAC failed)");
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "P-";
  for (int i = 0; i < 8; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

}  // namespace poolbook::fund
