/* webstrings.c - the dashboard page's words (see webstrings.h).
 *
 * The page (the .html and .js files of assets/web) is in Vietnamese, the source
 * language; every text it shows is listed here with N_() so that the
 * catalogues (po/en.po) translate it, and /api/strings hands the table,
 * Vietnamese to the language serve runs in, to the page's i18n.js. A text
 * added to the page without its line here stays Vietnamese in every
 * language (tests/dashboard/test_strings.js checks the two lists agree).
 * {0}, {1}... are filled in by the page, in that order or any other. */
#include "checkin/i18n.h"
#include "webstrings.h"

static const char *const page_strings[] = {
	N_("đi thay"),
	N_("đi thay đồng chí {0}"),
	N_("Xem tất cả {0}"),
	/* xgettext:no-c-format ('% s' here is a percentage, not a conversion) */
	N_("{0}% số đại biểu dự kiến · {1} người trong danh sách"),
	N_("Đã đến {0} / {1} — Điểm danh đại biểu"),
	N_("Chưa có ai đến."),
	N_("{0} đại biểu vào bằng mã đã thu hồi khi cửa mất kết nối"),
	N_("{0} lượt quét lần hai ở cửa khác khi mất kết nối (không tính thêm)"),
	N_("trực tuyến · {0} lượt trong 5 phút"),
	N_("mất kết nối từ {0}"),
	N_("{0} lượt chờ đồng bộ"),
	N_("Danh sách không có đại biểu cấp xã."),
	N_("Xã nào cũng đã có đại biểu."),
	N_("Khác"),
	N_("Chưa có lượt đến nào."),
	N_("Biểu đồ lượt đến mỗi 5 phút, tổng {0} người"),
	N_("{0} người"),
	N_("Cột: số người đến trong 5 phút"),
	N_("Đường: tổng số đã đến"),
	N_("{0} ngày {1}"),
	N_("Đã đến đủ."),
	N_("Trực tiếp · cập nhật {0}"),
	N_("Cần mã truy cập"),
	N_("Mất kết nối, đang thử lại…"),
	N_("Dữ liệu lỗi: {0}"),
	N_("Đang tải lại dữ liệu…"),
	N_("Cần mã truy cập mới: quét lại mã QR trên máy chủ"),
	N_("Không tìm thấy “{0}”."),
	N_("Đã đến lúc {0}"),
	N_("Chưa đến"),
	N_("Chỗ ngồi: {0}"),
	N_("Đã đến"),
	N_("Còn nữa — gõ thêm để thu hẹp."),
	N_("Không tìm được: mất kết nối."),
	N_("{0}/{1} · {2} ghế đầu trống"),
	N_("chưa xếp ghế"),
	N_("Không còn trong danh sách"),
	N_("Có mặt"),
	N_("Vắng"),
	N_("Không có ai của {0} trong hội trường."),
	N_("đơn vị"),
	N_("Có thể thay:"),
	N_("{0} chưa đến"),
	N_("Chưa có ai của đơn vị trình bày"),
	N_("(còn {0} phút)"),
	N_("(đã đến giờ)"),
	N_("Không có ai cùng đơn vị trong hội trường."),
	N_("Người nhận: {0}"),
	N_("Nhận thay"),
	N_("Không có người nhận thay — bỏ qua khi gọi"),
	N_("Có mặt {0} · đi thay {1} · nhận thay {2} · vắng {3} / {4}"),
	N_("Đi thay"),
	N_("{0} (đi thay đồng chí {1})"),
	N_("Hội nghị"),
	N_("Dẫn chương trình — {0}"),
	N_("Chưa bắt đầu."),
	N_("Hết chương trình."),
	N_("Trực tiếp"),
	N_("Ghế hàng đầu"),
	N_("Ghế"),
	N_("{0} lúc {1}"),
	N_("{0}/{1} đã ngồi · {2} ghế đầu còn trống"),
	N_("Ghế trống (chưa xếp ai)"),
	N_("Người đi thay đã đến"),
	N_("Sơ đồ chỗ ngồi {0}"),
	N_("SÂN KHẤU"),
	N_("Điểm danh đại biểu — theo dõi trực tiếp"),
	N_("Người dẫn chương trình — chương trình hội nghị"),
	N_("Sơ đồ chỗ ngồi — theo dõi trực tiếp"),
	N_("Điểm danh đại biểu"),
	N_("Đang kết nối…"),
	N_("Số đại biểu đã đến"),
	N_("Theo thành phần"),
	N_("Các cửa điểm danh"),
	N_("Tìm đại biểu"),
	N_("Gõ tên, không cần dấu: nguyen van an"),
	N_("Tên đại biểu"),
	N_("Báo cáo tham luận chưa đến"),
	N_("Nhận khen thưởng chưa đến"),
	N_("Lãnh đạo chưa đến"),
	N_("Xã chưa có đại biểu"),
	N_("Vừa đến"),
	N_("Sơ đồ chỗ ngồi"),
	N_("Mở sơ đồ đầy đủ (chạm vào ghế để xem ai ngồi)"),
	N_("Lượt đến mỗi 5 phút"),
	N_("Trang chỉ để xem; không lưu và không hiển thị số điện thoại, e-mail hay mã mời."),
	N_("Dẫn chương trình"),
	N_("Đang diễn ra"),
	N_("Tiếp theo"),
	N_("Khen thưởng — thứ tự gọi lên sân khấu"),
	N_("Toàn bộ chương trình"),
	N_("Tự cập nhật khi có đại biểu điểm danh ở bất kỳ cửa nào."),
	N_("← Bảng theo dõi điểm danh"),
	N_("Hội trường"),
	N_("Chưa có sơ đồ hội trường: chạy"),
	N_("Ghế trống"),
	N_("Người đi thay"),
	N_("Hàng đầu, đoàn chủ tịch: còn trống"),
	N_("Chạm vào một ghế để xem ai ngồi"),
};

json_t *webstrings_json(void)
{
	json_t *strings = json_object();
	if (!strings)
		return NULL;
	for (size_t i = 0; i < sizeof page_strings / sizeof page_strings[0]; i++) {
		if (json_object_set_new(strings, page_strings[i], json_string(_(page_strings[i]))) < 0) {
			json_decref(strings);
			return NULL;
		}
	}
	return json_pack("{s:s, s:o}", "lang", i18n_language(), "strings", strings);
}
