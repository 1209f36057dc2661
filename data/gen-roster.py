#!/usr/bin/env python3
"""Generate data/roster-sample.csv: 230 invented delegates for the Gia Lai
NTM 2021-2025 mid-term conference (see data/README.md).

Deterministic: the same script always writes the same bytes.
Run: python3 data/gen-roster.py   (writes next to this script)
Output: UTF-8 with BOM, comma-delimited, CRLF, RFC 4180 quoting, NFC.
All names are invented; phones are 0900000xxx; e-mails use example.vn.
"""
import csv
import io
import os
import random
import unicodedata

rng = random.Random(20231027)

# ---------------------------------------------------------------- names ---
# (surname, weight): roughly the national frequencies.
KINH_SURNAMES = [
    ("Nguyễn", 30), ("Trần", 10), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4),
    ("Huỳnh", 4), ("Phan", 4), ("Võ", 4), ("Vũ", 3), ("Đặng", 2), ("Bùi", 2),
    ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Trương", 2), ("Dương", 1), ("Lý", 1),
    ("Đoàn", 1), ("Lương", 1), ("Tạ", 1), ("Mai", 1), ("Châu", 1), ("Lưu", 1),
    ("Thái", 1), ("Hà", 1), ("Cao", 1), ("Kiều", 0.5), ("Quách", 0.5),
    ("Vương", 0.5),
]
KINH_MID_M = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh",
              "Công", "Ngọc", "Xuân", "Trọng", "Đình", "Tấn", "Hoàng", "Quang"]
KINH_MID_F = ["Thị", "Thị", "Thị", "Thị Thu", "Thị Hồng", "Ngọc", "Thu",
              "Thanh", "Kim", "Thị Mỹ", "Thị Ngọc", "Bích"]
KINH_GIVEN_M = [
    "Hùng", "Dũng", "Tuấn", "Nghĩa", "Phước", "Thắng", "Lộc", "Hưng", "Quyết",
    "Thuận", "Tiến", "Khải", "Cường", "Vượng", "Trường", "Hiếu", "Lực", "Đạt",
    "Thịnh", "Bảo", "Luận", "Quý", "Hiển", "Khánh", "Tuyển", "Toàn", "Sỹ",
    "Chiến", "Dưỡng", "Nghiệp", "Hiệp", "Lợi", "Hợp", "Hậu", "Vững", "Thiện",
    "Sắc", "Quyền", "Ước", "Tường", "Đức", "Phúc", "Nguyên", "Kiên", "Thạnh",
    "Bình", "Sơn", "Long", "Trung", "Tâm", "Huấn", "Lượng",
]
KINH_GIVEN_F = [
    "Lan", "Hương", "Nguyệt", "Hằng", "Yến", "Tuyết", "Nhung", "Thủy", "Hạnh",
    "Phượng", "Oanh", "Hiền", "Trinh", "Duyên", "Nhàn", "Liễu", "Mỹ", "Ngọc",
    "Loan", "Thảo", "Vân", "Hiệp", "Dung", "Trâm", "Huyền", "Quyên", "Lệ",
    "Thắm", "Ánh", "Xuân", "Hoa", "Thơ",
]
JRAI_SURNAMES = ["Rah Lan", "Ksor", "Siu", "Rơ Mah", "Kpă", "Nay", "Rơ Châm",
                 "Puih", "Rơ Ô", "Hiao", "Rơ Lan", "Rmah", "Kpuih", "Rcom"]
JRAI_GIVEN_M = ["Chung", "Dun", "Blik", "Ơn", "Tin", "Lâm", "Pan", "Băm",
                "Thuel", "Hyưn", "Đoan", "Hlơn", "Yuh", "Luyện", "Chăm",
                "Hiam", "Nhiên", "Thương", "Wơn", "Djơ", "Phơ", "Rin", "Kông",
                "Huy", "Nở", "Lưk", "Dương", "Yin", "Tâm", "Kiêm"]
JRAI_GIVEN_F = ["H'Nhin", "H'Lan", "H'Bưh", "H'Yin", "H'Uyên", "H'Phin",
                "H'Nga", "Thuyên", "H'Lin", "H'Jun", "H'Djiu", "H'Mai",
                "H'Ngăn", "Thu", "Kim", "H'Bé", "H'Rớt", "H'Nhứ"]
BAHNAR_GIVEN_M = ["Nghiêm", "Wil", "Kăm", "Hlao", "Kro", "Dôh", "Bruih",
                  "Yưn", "Thưn", "Nhuyết", "Ngưl", "Plư", "Tơn", "Blưn",
                  "Hmưch", "Kiên", "Lôi", "Grơm", "Hnil", "Sơn", "Chuôn",
                  "Blin", "Hơm", "Djơl"]
BAHNAR_GIVEN_F = ["Thị Hiền", "Thị Hlơn", "Thị Bơ", "Thị Yêng", "Thị Ngai",
                  "Thị Hyên", "Thị Liên", "Thị Đơn", "Thị Blưm", "Thị Hnhă",
                  "Thị Kơch", "Thị Mlư", "Thị Yơn", "Thị Dợt", "Thị Bé",
                  "Thị Nhơm", "Thị Hlin", "Thị Pơr"]

# Names of real public figures (and the brief's examples) never to emit.
BLOCKLIST = {
    "Rah Lan Chung", "Ksor Phước", "Siu Hơn", "Đinh Văn Nghiêm", "Rơ Mah Tuấn",
    "Dương Mah Tiệp", "Hồ Văn Niên", "Trương Hải Long", "Võ Ngọc Thành",
    "Châu Ngọc Tuấn", "Rơ Châm Long", "Nguyễn Hữu Quế", "Hồ Phước Thành",
    "Kpă Thuyên", "Đỗ Tiến Đông", "Nguyễn Thị Thanh Lịch", "Ksor Tin",
}

used_names = set()


def nfc(s):
    return unicodedata.normalize("NFC", s)


def make_name(gender=None, ethnic="kinh"):
    """Invent a unique full name. gender 'M'/'F'/None, ethnic kinh/jrai/bahnar."""
    for _ in range(100000):
        g = gender or ("F" if rng.random() < 0.3 else "M")
        if ethnic == "jrai":
            sur = rng.choice(JRAI_SURNAMES)
            if g == "F":
                name = sur + " " + rng.choice(JRAI_GIVEN_F)
            else:
                name = sur + " " + rng.choice(JRAI_GIVEN_M)
        elif ethnic == "bahnar":
            if g == "F":
                name = "Đinh " + rng.choice(BAHNAR_GIVEN_F)
            elif rng.random() < 0.5:
                name = "Đinh Văn " + rng.choice(BAHNAR_GIVEN_M)
            else:
                name = "Đinh " + rng.choice(BAHNAR_GIVEN_M)
        else:
            sur = rng.choices([n for n, _ in KINH_SURNAMES],
                              [w for _, w in KINH_SURNAMES])[0]
            if g == "F":
                name = f"{sur} {rng.choice(KINH_MID_F)} {rng.choice(KINH_GIVEN_F)}"
            else:
                name = f"{sur} {rng.choice(KINH_MID_M)} {rng.choice(KINH_GIVEN_M)}"
        name = nfc(name)
        if name not in used_names and name not in BLOCKLIST:
            used_names.add(name)
            return name
    raise RuntimeError(f"name pool exhausted ({gender}, {ethnic})")


def fixed_name(name):
    name = nfc(name)
    assert name not in used_names and name not in BLOCKLIST, name
    used_names.add(name)
    return name


# ---------------------------------------------------------- districts ---
# (kind, name, ethnic mix: share of Jrai/Bahnar names, which of the two)
DISTRICTS = [
    ("thành phố", "Pleiku", 0.15, "jrai"),
    ("thị xã", "An Khê", 0.15, "bahnar"),
    ("thị xã", "Ayun Pa", 0.5, "jrai"),
    ("huyện", "Chư Păh", 0.4, "jrai"),
    ("huyện", "Chư Prông", 0.4, "jrai"),
    ("huyện", "Chư Sê", 0.4, "jrai"),
    ("huyện", "Chư Pưh", 0.5, "jrai"),
    ("huyện", "Đak Đoa", 0.45, "bahnar"),
    ("huyện", "Đak Pơ", 0.3, "bahnar"),
    ("huyện", "Đức Cơ", 0.45, "jrai"),
    ("huyện", "Ia Grai", 0.45, "jrai"),
    ("huyện", "Ia Pa", 0.55, "jrai"),
    ("huyện", "Kbang", 0.45, "bahnar"),
    ("huyện", "Kông Chro", 0.55, "bahnar"),
    ("huyện", "Krông Pa", 0.55, "jrai"),
    ("huyện", "Mang Yang", 0.5, "bahnar"),
    ("huyện", "Phú Thiện", 0.5, "jrai"),
]
DINFO = {d[1]: d for d in DISTRICTS}


def dfull(d):            # "thành phố Pleiku" (inside a sentence)
    return f"{DINFO[d][0]} {d}"


def dcol(d):             # "Thành phố Pleiku" (district column)
    s = dfull(d)
    return s[0].upper() + s[1:]


def local_name(d, gender=None, ethnic=None):
    """A name typical for district d (ethnic forces jrai/bahnar/kinh)."""
    _, _, share, eth = DINFO[d]
    if ethnic:
        return make_name(gender, ethnic)
    return make_name(gender, eth if rng.random() < share else "kinh")


# The 91 communes that met the NTM standard, by district ...
COMMUNES_MET = {
    "Pleiku": ["Biển Hồ", "Chư Á", "An Phú", "Trà Đa", "Gào", "Ia Kênh",
               "Diên Phú", "Tân Sơn", "Chư HDrông"],
    "An Khê": ["Cửu An", "Song An", "Thành An", "Tú An", "Xuân An"],
    "Ayun Pa": ["Chư Băh", "Ia Rbol", "Ia Sao"],
    "Chư Păh": ["Nghĩa Hòa", "Nghĩa Hưng", "Hòa Phú", "Ia Ka", "Ia Nhin",
                "Ia Khươl", "Ia Mơ Nông"],
    "Chư Prông": ["Thăng Hưng", "Bàu Cạn", "Bình Giáo", "Ia Drăng", "Ia Phìn",
                  "Ia Kly", "Ia Băng"],
    "Chư Sê": ["Ia Blang", "Dun", "Ia Pal", "Ia Glai", "Ia Tiêm", "Bar Măih"],
    "Chư Pưh": ["Ia Hrú", "Ia Dreng", "Ia Phang", "Ia Blứ"],
    "Đak Đoa": ["Glar", "Hà Bầu", "Nam Yang", "Tân Bình", "Ia Băng", "K'Dang",
                "Hải Yang", "Trang"],
    "Đak Pơ": ["An Thành", "Cư An", "Hà Tam", "Tân An", "Phú An", "Yang Bắc"],
    "Đức Cơ": ["Ia Kriêng", "Ia Krêl", "Ia Din", "Ia Dơk", "Ia Kla"],
    "Ia Grai": ["Ia Dêr", "Ia Sao", "Ia Hrung", "Ia Yok", "Ia Bă", "Ia Tô",
                "Ia Grăng"],
    "Ia Pa": ["Kim Tân", "Ia Mrơn", "Pờ Tó"],
    "Kbang": ["Nghĩa An", "Tơ Tung", "Đông", "Kông Lơng Khơng", "Sơn Lang"],
    "Kông Chro": ["An Trung", "Yang Trung", "Chư Krêy"],
    "Krông Pa": ["Phú Cần", "Ia Rsươm", "Chư Ngọc"],
    "Mang Yang": ["Đak Ta Ley", "Hra", "Đak Djrăng", "Kon Thụp", "Ayun"],
    "Phú Thiện": ["Ia Sol", "Ia Piar", "Ia Yeng", "Ayun Hạ", "Ia Peng"],
}
# ... and the 9 registered to reach it in 2023 (listed last).
COMMUNES_2023 = [
    ("Ayun Pa", "Ia Rtô"), ("Chư Păh", "Ia Kreng"), ("Chư Prông", "Ia Tôr"),
    ("Chư Sê", "Ia Ko"), ("Đức Cơ", "Ia Lang"), ("Ia Pa", "Chư Răng"),
    ("Kông Chro", "Đak Tơ Pang"), ("Krông Pa", "Ia Rsai"),
    ("Mang Yang", "Đak Yă"),
]

# ------------------------------------------------------------- rows ---
rows = []   # dicts without id/seat/phone


def add(name, title, org, category, district="", roles="", email=""):
    rows.append(dict(name=nfc(name), title=nfc(title), organization=nfc(org),
                     category=nfc(category), district=nfc(district),
                     roles=roles, email=email))


T = "Cấp tỉnh"
H = "Cấp huyện"
X = "Cấp xã"
K = "Khen thưởng"
P = "Báo chí"

# --- Cấp tỉnh (45) ---------------------------------------------------
add(make_name("M"), "Bí thư Tỉnh ủy", "Tỉnh ủy Gia Lai", T, roles="vip")
add(make_name("M"), "Phó Bí thư Thường trực Tỉnh ủy", "Tỉnh ủy Gia Lai", T, roles="vip")
add(make_name("M", "jrai"), "Chủ tịch HĐND tỉnh", "Hội đồng nhân dân tỉnh Gia Lai", T, roles="vip")
add(make_name("F"), "Phó Chủ tịch HĐND tỉnh", "Hội đồng nhân dân tỉnh Gia Lai", T, roles="vip")
# (b) Cuộc vận động "Toàn dân đoàn kết ..." - presented by the chairman himself
add(make_name("M", "jrai"), "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", T, roles="vip|presenter")
add(fixed_name("Tôn Nữ Thị Hoàng Phương Thảo"), "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", T)
add(make_name("M"), "Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo các Chương trình MTQG tỉnh",
    "UBND tỉnh Gia Lai", T, roles="vip")
add(make_name("M"), "Phó Chủ tịch UBND tỉnh, Phó Trưởng ban Thường trực Ban Chỉ đạo các Chương trình MTQG tỉnh",
    "UBND tỉnh Gia Lai", T, roles="vip")
add(make_name("M", "jrai"), "Phó Chủ tịch UBND tỉnh", "UBND tỉnh Gia Lai", T, roles="vip")
add(make_name("M"), "Phó Chủ tịch UBND tỉnh", "UBND tỉnh Gia Lai", T, roles="vip")
add(make_name("M"), "Chánh Văn phòng", "Văn phòng UBND tỉnh Gia Lai", T)
add(make_name("F"), "Phó Chánh Văn phòng", "Văn phòng UBND tỉnh Gia Lai", T)
# Ban Chỉ đạo các CT MTQG: the standing agency first.
add(fixed_name("Nguyễn Hữu Thuận"), "Giám đốc", "Sở Nông nghiệp và Phát triển nông thôn", T,
    roles="presenter")   # Báo cáo sơ kết 03 năm (III.1)
add(make_name("F"), "Phó Giám đốc", "Sở Nông nghiệp và Phát triển nông thôn", T,
    roles="presenter")   # (a) OCOP
add(make_name("M"), "Giám đốc", "Sở Kế hoạch và Đầu tư", T)
add(make_name("F"), "Giám đốc", "Sở Tài chính", T)
add(make_name("M"), "Giám đốc", "Sở Lao động - Thương binh và Xã hội", T,
    roles="presenter")   # (e) giảm nghèo
add(make_name("M"), "Giám đốc", "Sở Xây dựng", T, roles="presenter")  # (h) quy hoạch
add(make_name("M"), "Phó Giám đốc", "Sở Tài nguyên và Môi trường", T,
    roles="presenter")   # (i) tiêu chí môi trường
add(make_name("F"), "Phó Giám đốc", "Sở Văn hóa, Thể thao và Du lịch", T,
    roles="presenter")   # (k) du lịch nông thôn
add(make_name("M", "bahnar"), "Trưởng ban", "Ban Dân tộc tỉnh", T,
    roles="presenter")   # (g) CT MTQG vùng DTTS
add(make_name("M"), "Đại tá, Phó Chỉ huy trưởng", "Bộ Chỉ huy Quân sự tỉnh", T,
    roles="presenter")   # (c) quân đội chung tay
add(make_name("F", "jrai"), "Chủ tịch", "Hội Liên hiệp Phụ nữ tỉnh", T,
    roles="presenter")   # (d) 5 không, 3 sạch
add(make_name("M"), "Phó Giám đốc", "Sở Giao thông vận tải", T)
add(make_name("M"), "Phó Giám đốc", "Sở Công Thương", T)
add(make_name("F"), "Phó Giám đốc", "Sở Y tế", T)
add(make_name("F"), "Phó Giám đốc", "Sở Giáo dục và Đào tạo", T)
add(make_name("M"), "Phó Giám đốc", "Sở Thông tin và Truyền thông", T)
add(make_name("M"), "Phó Giám đốc", "Sở Khoa học và Công nghệ", T)
add(make_name("F"), "Phó Giám đốc", "Sở Tư pháp", T)
add(make_name("M"), "Phó Giám đốc", "Sở Nội vụ", T)
add(make_name("M"), "Đại tá, Phó Giám đốc", "Công an tỉnh", T)
add(make_name("M"), "Giám đốc", "Ngân hàng Chính sách xã hội - Chi nhánh tỉnh Gia Lai", T)
add(make_name("M", "jrai"), "Bí thư Tỉnh đoàn", "Tỉnh đoàn Gia Lai", T)
add(make_name("M"), "Chủ tịch", "Hội Nông dân tỉnh", T)
add(make_name("M"), "Phó Chủ tịch", "Hội Cựu chiến binh tỉnh", T)
add(make_name("F"), "Phó Chủ tịch", "Liên đoàn Lao động tỉnh", T)
add(make_name("M"), "Phó Trưởng ban", "Ban Tuyên giáo Tỉnh ủy", T)
add(make_name("F", "jrai"), "Phó Trưởng ban", "Ban Dân vận Tỉnh ủy", T)
add(make_name("M"), "Giám đốc", "Kho bạc Nhà nước Gia Lai", T)
add(make_name("M"), "Chánh Văn phòng", "Văn phòng Điều phối nông thôn mới tỉnh", T,
    email="vanphong@example.vn")
add(make_name("F"), "Phó Chánh Văn phòng", "Văn phòng Điều phối nông thôn mới tỉnh", T)
add(make_name("M"), "Chuyên viên", "Văn phòng Điều phối nông thôn mới tỉnh", T)
add(make_name("M"), "Trưởng ban", "Ban Thi đua - Khen thưởng (Sở Nội vụ)", T)
add(make_name("F"), "Chuyên viên", "Ban Thi đua - Khen thưởng (Sở Nội vụ)", T,
    email="thiduakhenthuong@example.vn")

# --- Báo chí (6) -----------------------------------------------------
add(make_name("F"), "Phóng viên", "Báo Gia Lai", P, email="toasoan@example.vn")
add(make_name("M"), "Phóng viên ảnh", "Báo Gia Lai", P)
add(make_name("F", "jrai"), "Biên tập viên, phóng viên", "Đài Phát thanh - Truyền hình Gia Lai", P,
    email="thoisu@example.vn")
add(make_name("M"), "Phóng viên", "Đài Phát thanh - Truyền hình Gia Lai", P)
add(make_name("M"), "Quay phim", "Đài Phát thanh - Truyền hình Gia Lai", P)
add(make_name("M"), "Kỹ thuật viên", "Đài Phát thanh - Truyền hình Gia Lai", P)

# --- Cấp huyện (51 = 17 x 3) ------------------------------------------
PARTY = {"thành phố": "Thành ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy"}
L_PRESENTER = "Chư Prông"   # (l) mô hình hay, cách làm sáng tạo
for kind, d, _, _ in DISTRICTS:
    party = PARTY[kind]
    t1 = rng.choice([f"Bí thư {party}", f"Phó Bí thư Thường trực {party}",
                     f"Phó Bí thư {party}"])
    add(local_name(d), t1, f"{party} {d}", H, dcol(d))
    if d == L_PRESENTER:
        add(local_name(d), f"Phó Chủ tịch UBND {kind}", f"UBND {dfull(d)}", H, dcol(d),
            roles="presenter")
    else:
        add(local_name(d), rng.choice([f"Chủ tịch UBND {kind}", f"Phó Chủ tịch UBND {kind}"]),
            f"UBND {dfull(d)}", H, dcol(d))
    t3 = rng.choice(["Chánh Văn phòng",
                     f"Trưởng phòng Nông nghiệp và Phát triển nông thôn, Chánh Văn phòng Điều phối nông thôn mới {kind}",
                     "Phó Chánh Văn phòng"])
    add(local_name(d), t3, f"Văn phòng Điều phối nông thôn mới {dfull(d)}", H, dcol(d),
        email="ntm.pleiku@example.vn" if d == "Pleiku" else "")

# --- Cấp xã (100 = 91 met + 9 registered for 2023) ---------------------
def commune(d, c, roles="", email=""):
    title = "Chủ tịch UBND xã" if rng.random() < 0.65 else "Phó Chủ tịch UBND xã"
    add(local_name(d), title, f"UBND xã {c}, {dfull(d)}", X, dcol(d), roles=roles, email=email)


for _, d, _, _ in DISTRICTS:
    for c in COMMUNES_MET[d]:
        if (d, c) == ("Pleiku", "Biển Hồ"):        # (m) chuyển đổi số
            commune(d, c, roles="presenter", email="ubnd.bienho@example.vn")
        elif (d, c) == ("Đak Đoa", "Glar"):        # (n) bảo vệ môi trường
            commune(d, c, roles="presenter")
        else:
            commune(d, c)
for d, c in COMMUNES_2023:
    commune(d, c)

# --- Khen thưởng (28) --------------------------------------------------
AWARDS = [
    ("Giám đốc", "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Sản xuất Kinh doanh Cà phê Sạch Ia Phìn", "Chư Prông", None, "htx.iaphin@example.vn"),
    ("Giám đốc", "Hợp tác xã Rau an toàn Biển Hồ", "Pleiku", None, ""),
    ("Giám đốc", "Hợp tác xã Nông nghiệp Hà Tam", "Đak Pơ", None, ""),
    ("Giám đốc", "Hợp tác xã Dược liệu Kon Thụp", "Mang Yang", None, ""),
    ("Giám đốc", "Hợp tác xã Nông nghiệp Tú An, thị xã An Khê", "An Khê", None, ""),
    ("Trưởng thôn", "Thôn 4, xã Ia Hrú, huyện Chư Pưh", "Chư Pưh", "M", ""),
    ("Già làng", "Làng Đê Ktu, xã Hà Bầu, huyện Đak Đoa", "Đak Đoa", "M/bahnar", ""),
    ("Bí thư Chi bộ", "Làng Plei Rơ Ngheo, xã Ia Dêr, huyện Ia Grai", "Ia Grai", "M/jrai", ""),
    ("Chủ cơ sở", "Cơ sở sản xuất tinh bột nghệ Hương Mai, xã Nghĩa An, huyện Kbang", "Kbang", "F", ""),
    ("Giám đốc", "Công ty TNHH Nông nghiệp Công nghệ cao Đức Cơ", "Đức Cơ", None, ""),
    ("Nông dân sản xuất, kinh doanh giỏi", "Thôn Thanh Bình, xã Tân Bình, huyện Đak Đoa", "Đak Đoa", None, ""),
    ("Chủ tịch Hội Liên hiệp Phụ nữ xã", "Hội LHPN xã Ia Dêr, huyện Ia Grai", "Ia Grai", "F/jrai", ""),
    ("Trưởng ban Công tác Mặt trận", "Làng Ia Lang, xã Biển Hồ, thành phố Pleiku", "Pleiku", "M/jrai", ""),
    ("Phó Chủ tịch", "Hội Nông dân huyện Ia Pa", "Ia Pa", None, ""),
    ("Trưởng phòng", "Phòng Nông nghiệp và Phát triển nông thôn huyện Phú Thiện", "Phú Thiện", None, ""),
    ("Công chức Địa chính - Xây dựng", "UBND xã Ia Sol, huyện Phú Thiện", "Phú Thiện", None, ""),
    ("Chuyên viên", "Văn phòng Điều phối nông thôn mới huyện Kông Chro", "Kông Chro", None, ""),
    ("Giám đốc", "Phòng giao dịch Ngân hàng Chính sách xã hội huyện Krông Pa", "Krông Pa", None, ""),
    ("Trợ lý Dân vận", "Ban Chỉ huy Quân sự huyện Đức Cơ", "Đức Cơ", "M", ""),
    ("Tổ trưởng", "Tổ hợp tác dệt thổ cẩm làng Đê Tar, xã Đak Ta Ley, huyện Mang Yang", "Mang Yang", "F/bahnar", ""),
    ("Trưởng thôn", "Thôn Hòa Bình, xã Ia Kênh, thành phố Pleiku", "Pleiku", None, ""),
    ("Hiệu trưởng", "Trường Tiểu học và THCS Kpă Klơng, xã Chư Răng, huyện Ia Pa", "Ia Pa", None, ""),
    ("Chủ hộ gia đình tiêu biểu hiến đất làm đường", "Làng Plei Thơh Ga, xã Chư Don, huyện Chư Pưh", "Chư Pưh", "M/jrai", ""),
    ("Giám đốc", "Công ty TNHH Xây dựng Hoàng Phúc Gia Lai", "Pleiku", None, ""),
    ("Già làng", "Làng Stơr, xã Tơ Tung, huyện Kbang", "Kbang", "M/bahnar", ""),
    ("Chủ tịch Ủy ban MTTQ Việt Nam xã", "Ủy ban MTTQ Việt Nam xã Ia Rbol, thị xã Ayun Pa", "Ayun Pa", None, ""),
    ('Trưởng nhóm mô hình "Gia đình 5 không, 3 sạch"', "Chi hội Phụ nữ làng Ia Ping, xã Ia Pal, huyện Chư Sê", "Chư Sê", "F/jrai", ""),
    ("Bí thư Đoàn xã", "Đoàn Thanh niên xã Ia Kla, huyện Đức Cơ", "Đức Cơ", None, ""),
]
# who: None, "M"/"F", or "M/jrai"-style gender plus forced ethnicity.
for i, (title, org, d, who, email) in enumerate(AWARDS):
    g, _, eth = (who or "").partition("/")
    name = fixed_name("Ưng Thị Bích Ngọc") if i == 8 else local_name(d, g or None, eth or None)
    add(name, title, org, K, dcol(d), roles="awardee", email=email)

# ------------------------------------------------------------ seats ---
# No seats in the roster: 'checkin-admin seats auto --hall data/hall.ini'
# places everyone by protocol (a seat given here would be a seat set by hand).
for r in rows:
    r["seat"] = ""

# -------------------------------------------------------------- write ---
FIELDS = ["id", "name", "title", "organization", "category", "district",
          "roles", "seat", "phone", "email"]
assert len(rows) == 230, len(rows)
buf = io.StringIO()
w = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL,
               lineterminator="\r\n")
w.writerow(FIELDS)
for i, r in enumerate(rows, 1):
    r["id"] = i
    vip = "vip" in r["roles"].split("|")
    r["phone"] = "" if vip or i % 3 == 0 else f"0900000{i:03d}"
    w.writerow([nfc(str(r[f])) for f in FIELDS])

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "roster-sample.csv")
with open(out, "wb") as f:
    f.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
print(f"wrote {out}: {len(rows)} delegates")
