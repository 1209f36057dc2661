/* report_verify.c - the audit digest out of a report's PDF (see
 * report_verify.h), with poppler-glib. */
#include <errno.h>
#include <glib.h>
#include <poppler.h>
#include <string.h>
#include "checkin/i18n.h"
#include "report_verify.h"

int report_pdf_digest(const char *path, struct report_digest *out, ck_err *err)
{
	gchar *data = NULL;
	gsize len = 0;
	GError *gerr = NULL;
	int rc = -1;

	if (!g_file_get_contents(path, &data, &len, &gerr)) {
		ck_fail(err, gerr->code == G_FILE_ERROR_NOENT ? CK_NOT_FOUND : CK_IO, _("không đọc được tệp '%s': %s"), path,
		        gerr->message);
		g_error_free(gerr);
		return -1;
	}
	GBytes *bytes = g_bytes_new_take(data, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		ck_fail(err, CK_INVALID, _("'%s' không phải là tệp PDF đọc được: %s"), path, gerr ? gerr->message : "?");
		if (gerr)
			g_error_free(gerr);
		return -1;
	}
	struct report_digest printed;
	int in_kw, in_text = -1;
	gchar *kw = poppler_document_get_keywords(doc);
	in_kw = report_digest_parse(kw, out);
	g_free(kw);
	/* the printed line (on the last page), read too: the two must agree */
	for (int i = poppler_document_get_n_pages(doc) - 1; in_text < 0 && i >= 0; i--) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		gchar *text = poppler_page_get_text(page);
		in_text = report_digest_parse(text, &printed);
		g_free(text);
		g_object_unref(page);
	}
	if (in_kw == 0 && in_text == 0 &&
	    (strcmp(out->sha256, printed.sha256) || out->rows != printed.rows || out->last_id != printed.last_id)) {
		rc = ck_fail(err, CK_INVALID, _("'%s': mã nhật ký trong thông tin của tệp PDF khác với mã in trong báo cáo"),
		             path);
	} else if (in_kw == 0 || in_text == 0) {
		if (in_kw < 0)
			*out = printed;
		rc = 0;
	} else {
		rc = ck_fail(err, CK_NOT_FOUND, _("'%s' không có mã nhật ký của một báo cáo điểm danh"), path);
	}
	g_object_unref(doc);
	return rc;
}
