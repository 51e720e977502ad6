<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <source>Thêm mới: {0} · Thay đổi: {1} · Ngừng áp dụng: {2} · Giữ nguyên: {3}</source>
        <translation>Added: {0} · Changed: {1} · Withdrawn: {2} · Unchanged: {3}</translation>
    </message>
    <message>
        <source>Nhập danh mục thủ tục – xem trước</source>
        <translation>Import the procedure catalog – preview</translation>
    </message>
    <message>
        <source>Kiểm tra các thay đổi trước khi áp dụng:</source>
        <translation>Check the changes before applying them:</translation>
    </message>
    <message>
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Mã thủ tục</source>
        <translation>Procedure code</translation>
    </message>
    <message>
        <source>Phí (đồng)</source>
        <translation>Fee (VND)</translation>
    </message>
    <message>
        <source>Lệ phí (đồng)</source>
        <translation>Charge (VND)</translation>
    </message>
    <message>
        <source>Căn cứ pháp lý của mức thu</source>
        <translation>Legal basis of the amounts</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Phí, lệ phí (đồng)</source>
        <translation>Fee and charge (VND)</translation>
    </message>
    <message>
        <source>Lưu mức phí</source>
        <translation>Save the fee</translation>
    </message>
    <message>
        <source>Ngừng các thủ tục không có trong tệp</source>
        <translation>Withdraw the procedures the file does not list</translation>
    </message>
    <message>
        <source>Nhập tệp danh mục…</source>
        <translation>Import a catalog file…</translation>
    </message>
    <message>
        <source>Ngừng thủ tục</source>
        <translation>Withdraw the procedure</translation>
    </message>
    <message>
        <source>In bản niêm yết</source>
        <translation>Print the posting sheets</translation>
    </message>
    <message>
        <source>Chờ đồng bộ: danh mục «{0}» ({1} thủ tục) sẽ áp dụng khi máy chủ nhận.</source>
        <translation>Pending sync: the catalog “{0}” ({1} procedures) applies once the server has it.</translation>
    </message>
    <message>
        <source>Chọn tệp danh mục</source>
        <translation>Choose a catalog file</translation>
    </message>
    <message>
        <source>Danh mục (*.toml *.json *.yaml)</source>
        <translation>Catalog (*.toml *.json *.yaml)</translation>
    </message>
    <message>
        <source>Đã nhập danh mục: thêm {0}, thay đổi {1}, ngừng {2}.</source>
        <translation>Catalog imported: {0} added, {1} changed, {2} withdrawn.</translation>
    </message>
    <message>
        <source>Chọn một thủ tục trong danh sách.</source>
        <translation>Choose a procedure in the list.</translation>
    </message>
    <message>
        <source>Đã ngừng áp dụng thủ tục {0}.</source>
        <translation>Procedure {0} withdrawn.</translation>
    </message>
    <message>
        <source>Lưu bản niêm yết</source>
        <translation>Save the posting sheets</translation>
    </message>
    <message>
        <source>Đang tạo bản niêm yết…</source>
        <translation>Making the posting sheets…</translation>
    </message>
    <message>
        <source>Đã lưu bản niêm yết: {0}</source>
        <translation>Posting sheets saved: {0}</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Chờ đồng bộ</source>
        <translation>Waiting for sync</translation>
    </message>
    <message>
        <source>Đang dùng</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>Ngừng</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Chờ đồng bộ: thay đổi đã ghi lại, sẽ có hiệu lực khi máy chủ áp dụng.</source>
        <translation>Waiting for sync: the change is recorded and takes effect once the server applies it.</translation>
    </message>
    <message>
        <source>Mã định danh cơ quan</source>
        <translation>Agency code</translation>
    </message>
    <message>
        <source>Tên cơ quan</source>
        <translation>Agency name</translation>
    </message>
    <message>
        <source>Tên bộ phận một cửa</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>Cơ quan cấp trên</source>
        <translation>Parent agency</translation>
    </message>
    <message>
        <source>Mã cơ quan cấp trên</source>
        <translation>Parent agency code</translation>
    </message>
    <message>
        <source>Địa danh (…, ngày … tháng … năm)</source>
        <translation>Place name (…, ngày … tháng … năm)</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Giờ làm việc</source>
        <translation>Office hours</translation>
    </message>
    <message>
        <source>Giờ chốt buổi chiều</source>
        <translation>Afternoon cut-off</translation>
    </message>
    <message>
        <source>Thông tin bộ phận một cửa</source>
        <translation>The office&apos;s details</translation>
    </message>
    <message>
        <source>Không có gì thay đổi.</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <source>Mã PIN mới (4–12 chữ số)</source>
        <translation>New PIN (4–12 digits)</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN</source>
        <translation>The PIN again</translation>
    </message>
    <message>
        <source>Mã PIN của máy lấy số, màn hình công cộng</source>
        <translation>PIN of the ticket dispensers and public screens</translation>
    </message>
    <message>
        <source>Đặt mã PIN</source>
        <translation>Set the PIN</translation>
    </message>
    <message>
        <source>Hai lần nhập mã PIN không giống nhau.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <source>Tệp lịch nghỉ lễ (JSON)</source>
        <translation>Holiday calendar file (JSON)</translation>
    </message>
    <message>
        <source>Lịch nghỉ lễ, Tết (nhập lịch năm sau)</source>
        <translation>Public holidays (import next year&apos;s calendar)</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>Nhập lịch</source>
        <translation>Import the calendar</translation>
    </message>
    <message>
        <source>Chọn tệp lịch</source>
        <translation>Choose a calendar file</translation>
    </message>
    <message>
        <source>Chọn tệp lịch.</source>
        <translation>Choose a calendar file.</translation>
    </message>
    <message>
        <source>Chờ đồng bộ: lịch «{0}» sẽ áp dụng khi máy chủ nhận.</source>
        <translation>Pending sync: the calendar “{0}” applies once the server has it.</translation>
    </message>
    <message>
        <source>Đã nhập lịch: {0} ngày nghỉ.</source>
        <translation>Calendar imported: {0} days off.</translation>
    </message>
    <message>
        <source>Thư mục lưu bản sao</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>Mật khẩu bản sao (để trống: khóa của bộ phận)</source>
        <translation>Backup passphrase (empty: the office key)</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu bản sao</source>
        <translation>The passphrase again</translation>
    </message>
    <message>
        <source>Sao lưu dữ liệu (mã hóa)</source>
        <translation>Back up the data (encrypted)</translation>
    </message>
    <message>
        <source>Chọn thư mục…</source>
        <translation>Choose a folder…</translation>
    </message>
    <message>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Bản sao lưu gồm cơ sở dữ liệu của riêng máy này.</source>
        <translation>A backup holds this PC&apos;s own database.</translation>
    </message>
    <message>
        <source>Bản sao lưu chỉ gồm dữ liệu của riêng máy này, không phải dữ liệu chung của bộ phận: máy này đồng bộ với máy chủ, dữ liệu chung được sao lưu trên máy chủ (pg_dump, xem docs/install.md).</source>
        <translation>A backup holds only this PC&apos;s own data, not the office&apos;s shared data: this PC syncs with a server, and the shared data is backed up on the server (pg_dump, see docs/install.md).</translation>
    </message>
    <message>
        <source>Chọn thư mục</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>Đã sao lưu vào {0}</source>
        <translation>Backed up to {0}</translation>
    </message>
    <message>
        <source>Cán bộ một cửa</source>
        <translation>Reception clerk</translation>
    </message>
    <message>
        <source>Giám sát</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Cán bộ phòng chuyên môn</source>
        <translation>Department officer</translation>
    </message>
    <message>
        <source>Quản trị</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Quầy thường ngồi</source>
        <translation>Usual counter</translation>
    </message>
    <message>
        <source>Phòng chuyên môn (mã)</source>
        <translation>Department (code)</translation>
    </message>
    <message>
        <source>Bộ phận một cửa (mã cơ quan)</source>
        <translation>Office (agency code)</translation>
    </message>
    <message>
        <source>Mọi bộ phận của máy chủ</source>
        <translation>All offices of the server</translation>
    </message>
    <message>
        <source>Mật khẩu (tài khoản mới / đặt lại)</source>
        <translation>Password (new account / reset)</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu</source>
        <translation>The password again</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Phòng</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Đặt lại mật khẩu</source>
        <translation>Reset the password</translation>
    </message>
    <message>
        <source>Ngừng sử dụng</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>Chọn một tài khoản trong danh sách.</source>
        <translation>Choose an account in the list.</translation>
    </message>
    <message>
        <source>Số quầy</source>
        <translation>Counter number</translation>
    </message>
    <message>
        <source>Tên quầy</source>
        <translation>Counter name</translation>
    </message>
    <message>
        <source>Dịch vụ phục vụ (mã, cách nhau dấu phẩy)</source>
        <translation>Services served (codes, comma-separated)</translation>
    </message>
    <message>
        <source>Máy in phiếu (URL)</source>
        <translation>Receipt printer (URL)</translation>
    </message>
    <message>
        <source>Máy quét (URL)</source>
        <translation>Scanner (URL)</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Dịch vụ</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Ngừng quầy</source>
        <translation>Retire the counter</translation>
    </message>
    <message>
        <source>Thử máy quét</source>
        <translation>Test the scanner</translation>
    </message>
    <message>
        <source>Mã dịch vụ</source>
        <translation>Service code</translation>
    </message>
    <message>
        <source>Tên dịch vụ</source>
        <translation>Service name</translation>
    </message>
    <message>
        <source>Chữ đầu số thứ tự</source>
        <translation>Ticket letter</translation>
    </message>
    <message>
        <source>Lĩnh vực (cách nhau dấu phẩy)</source>
        <translation>Fields (comma-separated)</translation>
    </message>
    <message>
        <source>Thủ tục (mã, cách nhau dấu phẩy)</source>
        <translation>Procedures (codes, comma-separated)</translation>
    </message>
    <message>
        <source>Giới hạn số phiếu/ngày</source>
        <translation>Tickets per day at most</translation>
    </message>
    <message>
        <source>Đối tượng ưu tiên</source>
        <translation>Priority groups</translation>
    </message>
    <message>
        <source>Gọi người ưu tiên trước</source>
        <translation>Call priority tickets first</translation>
    </message>
    <message>
        <source>Chữ</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Ngừng dịch vụ</source>
        <translation>Retire the service</translation>
    </message>
    <message>
        <source>Mã phòng</source>
        <translation>Department code</translation>
    </message>
    <message>
        <source>Tên phòng chuyên môn</source>
        <translation>Department name</translation>
    </message>
    <message>
        <source>Lĩnh vực phụ trách (cách nhau dấu phẩy)</source>
        <translation>Fields handled (comma-separated)</translation>
    </message>
    <message>
        <source>Tên phòng</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Bỏ dòng đã chọn</source>
        <translation>Remove the selected row</translation>
    </message>
    <message>
        <source>Thêm vào danh sách</source>
        <translation>Add to the list</translation>
    </message>
    <message>
        <source>Đã thêm vào danh sách.</source>
        <translation>Added to the list.</translation>
    </message>
    <message>
        <source>Chào mừng</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Thiết lập bộ phận một cửa cho lần sử dụng đầu tiên.</source>
        <translation>Set up the one-stop office for its first use.</translation>
    </message>
    <message>
        <source>Máy này đứng riêng (cơ sở dữ liệu trên máy này)</source>
        <translation>This PC stands alone (its database is on this PC)</translation>
    </message>
    <message>
        <source>Kết nối với máy chủ của huyện/tỉnh (đăng ký máy)</source>
        <translation>Connect to the district/province server (enroll this PC)</translation>
    </message>
    <message>
        <source>Cơ quan, bộ phận một cửa</source>
        <translation>Agency and office</translation>
    </message>
    <message>
        <source>Thông tin in trên phiếu hẹn, biên nhận và biểu mẫu.</source>
        <translation>Printed on receipts, appointment slips and forms.</translation>
    </message>
    <message>
        <source>Nhập mã định danh của cơ quan (ví dụ 000.17.22.H56).</source>
        <translation>Enter the agency code (for example 000.17.22.H56).</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Tài khoản quản trị</source>
        <translation>Administrator account</translation>
    </message>
    <message>
        <source>Người quản trị đăng nhập màn hình quản trị (kiosk run --role admin).</source>
        <translation>The administrator signs in to the admin window (kiosk run --role admin).</translation>
    </message>
    <message>
        <source>Danh mục thủ tục hành chính</source>
        <translation>Catalog of administrative procedures</translation>
    </message>
    <message>
        <source>Dùng danh mục có sẵn, hoặc nhập tệp danh mục của tỉnh.</source>
        <translation>Use the bundled catalog, or import the province&apos;s catalog file.</translation>
    </message>
    <message>
        <source>Tệp danh mục</source>
        <translation>Catalog file</translation>
    </message>
    <message>
        <source>Danh mục có sẵn</source>
        <translation>Bundled catalog</translation>
    </message>
    <message>
        <source>Tệp danh mục khác</source>
        <translation>Another catalog file</translation>
    </message>
    <message>
        <source>Danh mục có sẵn ({0} thủ tục)</source>
        <translation>Bundled catalog ({0} procedures)</translation>
    </message>
    <message>
        <source>Chọn tệp danh mục.</source>
        <translation>Choose a catalog file.</translation>
    </message>
    <message>
        <source>{0} thủ tục trong tệp.</source>
        <translation>{0} procedures in the file.</translation>
    </message>
    <message>
        <source>Dịch vụ xếp hàng</source>
        <translation>Queue services</translation>
    </message>
    <message>
        <source>Mỗi dịch vụ có chữ đầu số thứ tự riêng và các lĩnh vực/thủ tục nó phục vụ.</source>
        <translation>Each service has its own ticket letter and the fields/procedures it serves.</translation>
    </message>
    <message>
        <source>Quầy tiếp nhận</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>Số quầy, dịch vụ mỗi quầy phục vụ, máy in và máy quét của quầy.</source>
        <translation>Counter number, the services it serves, its printer and scanner.</translation>
    </message>
    <message>
        <source>Thử máy in</source>
        <translation>Test the printer</translation>
    </message>
    <message>
        <source>Nhập địa chỉ máy in để thử.</source>
        <translation>Enter the printer&apos;s address to test it.</translation>
    </message>
    <message>
        <source>Đã in trang thử tới {0}.</source>
        <translation>Test page printed on {0}.</translation>
    </message>
    <message>
        <source>Không in được: {0}</source>
        <translation>Could not print: {0}</translation>
    </message>
    <message>
        <source>Máy quét ảo: dùng cửa sổ Máy quét ảo.</source>
        <translation>Virtual scanner: use the Virtual scanner window.</translation>
    </message>
    <message>
        <source>Mời quét một mã…</source>
        <translation>Scan a code now…</translation>
    </message>
    <message>
        <source>Chưa kết nối: </source>
        <translation>Not connected: </translation>
    </message>
    <message>
        <source>Đã nhận: </source>
        <translation>Received: </translation>
    </message>
    <message>
        <source>Không nhận được mã nào.</source>
        <translation>No code was received.</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Cán bộ một cửa, giám sát, cán bộ phòng chuyên môn (có thể thêm sau).</source>
        <translation>Clerks, supervisors, department officers (can be added later).</translation>
    </message>
    <message>
        <source>Mã PIN (4–12 chữ số; để trống: đặt sau)</source>
        <translation>PIN (4–12 digits; empty: set later)</translation>
    </message>
    <message>
        <source>Mã PIN của máy lấy số</source>
        <translation>PIN of the ticket dispensers</translation>
    </message>
    <message>
        <source>Cán bộ dùng mã này để thoát màn hình công cộng.</source>
        <translation>Staff use it to leave the public screens.</translation>
    </message>
    <message>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Bấm «Hoàn tất» để lưu tất cả; màn hình của cán bộ một cửa sẽ mở.</source>
        <translation>Click “Finish” to save everything; the clerk&apos;s window then opens.</translation>
    </message>
    <message>
        <source>Cơ quan: {0}
Tài khoản quản trị: {1}
Dịch vụ: {2}
Quầy: {3}
Cán bộ: {4}
Mã PIN: {5}</source>
        <translation>Agency: {0}
Administrator account: {1}
Services: {2}
Counters: {3}
Staff: {4}
PIN: {5}</translation>
    </message>
    <message>
        <source>đã đặt</source>
        <translation>set</translation>
    </message>
    <message>
        <source>chưa đặt</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Mã đăng ký (do quản trị máy chủ cấp)</source>
        <translation>Enrolment code (from the server&apos;s administrator)</translation>
    </message>
    <message>
        <source>Đăng ký máy với máy chủ</source>
        <translation>Enroll this PC with a server</translation>
    </message>
    <message>
        <source>Bộ phận một cửa, quầy, dịch vụ và tài khoản sẽ tải về từ máy chủ.</source>
        <translation>The office, counters, services and accounts come down from the server.</translation>
    </message>
    <message>
        <source>Nhập địa chỉ máy chủ.</source>
        <translation>Enter the server&apos;s address.</translation>
    </message>
    <message>
        <source>Nhập mã đăng ký.</source>
        <translation>Enter the enrolment code.</translation>
    </message>
    <message>
        <source>Xác nhận với máy chủ</source>
        <translation>Confirm with the server</translation>
    </message>
    <message>
        <source>Danh mục và lịch nghỉ dùng chung cho mọi đơn vị của máy chủ. Nhập lại mật khẩu của {0} để máy chủ xác nhận quản trị viên của mọi đơn vị (máy chủ phải đang kết nối).</source>
        <translation>The catalog and the holiday calendar are shared by every office of the server. Type the password of {0} again so that the server can confirm an admin of all offices (the server must be reachable).</translation>
    </message>
    <message>
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Chưa thay đổi gì: cần mật khẩu để máy chủ xác nhận.</source>
        <translation>Nothing changed: the server needs the password to confirm.</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Quản trị – thiết lập bộ phận một cửa</source>
        <translation>Administration – office set-up</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Quầy, thiết bị</source>
        <translation>Counters, devices</translation>
    </message>
    <message>
        <source>Dịch vụ xếp hàng</source>
        <translation>Queue services</translation>
    </message>
    <message>
        <source>Phòng chuyên môn</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>Bộ phận một cửa</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Thủ tục, phí</source>
        <translation>Procedures, fees</translation>
    </message>
    <message>
        <source>Lịch nghỉ</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>Kiosk PIN</translation>
    </message>
    <message>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Quản trị · {0}</source>
        <translation>Administration · {0}</translation>
    </message>
</context>
<context>
    <name>Announcer</name>
    <message>
        <source>Trình phát âm thanh không trả lời.</source>
        <translation>The sound player does not answer.</translation>
    </message>
    <message>
        <source>Thiếu tệp âm thanh để đọc số (thư mục resources/sounds).</source>
        <translation>A sound file for reading the numbers is missing (folder resources/sounds).</translation>
    </message>
    <message>
        <source>Không tìm thấy chương trình phát âm thanh: số gọi chỉ hiện trên màn hình.</source>
        <translation>No sound player found: calls are only shown on the screen.</translation>
    </message>
    <message>
        <source>Không phát được âm thanh: {0}</source>
        <translation>Sound could not be played: {0}</translation>
    </message>
    <message>
        <source>Máy không có thiết bị phát âm thanh.</source>
        <translation>This PC has no sound output device.</translation>
    </message>
    <message>
        <source>Không chạy được trình phát âm thanh {0}.</source>
        <translation>The sound player {0} could not be started.</translation>
    </message>
    <message>
        <source>Trình phát âm thanh {0} báo lỗi (mã {1}).</source>
        <translation>The sound player {0} reported an error (code {1}).</translation>
    </message>
</context>
<context>
    <name>ApologyDialog</name>
    <message>
        <source>Xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apologise and set a new return date</translation>
    </message>
    <message>
        <source>Hồ sơ {0} – {1}</source>
        <translation>Dossier {0} – {1}</translation>
    </message>
    <message>
        <source>Hẹn trả hiện tại: {0}</source>
        <translation>Current due date: {0}</translation>
    </message>
    <message>
        <source>Ngày hẹn mới</source>
        <translation>New due date</translation>
    </message>
    <message>
        <source>Lý do chậm trễ</source>
        <translation>Reason for the delay</translation>
    </message>
    <message>
        <source>Lưu và in Mẫu 04</source>
        <translation>Save and print form 04</translation>
    </message>
    <message>
        <source>Hồ sơ đã có thư xin lỗi: lần thứ hai cần giám sát viên phê duyệt. Giám sát viên nhập tên đăng nhập và mật khẩu.</source>
        <translation>This dossier has had an apology: a second one needs a supervisor&apos;s approval. The supervisor types her user name and password.</translation>
    </message>
    <message>
        <source>Ngày hẹn mới phải sau ngày hẹn hiện tại.</source>
        <translation>The new due date must be after the current one.</translation>
    </message>
    <message>
        <source>Phải nhập lý do.</source>
        <translation>A reason is required.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Không mở được cơ sở dữ liệu</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu của máy này, ứng dụng sẽ đóng lại.</source>
        <translation>The database of this PC cannot be opened; the application will close.</translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Số CCCD (12 chữ số)</source>
        <translation>Citizen ID (12 digits)</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Đã điền từ CCCD: ngày sinh {0}, giới tính {1}</source>
        <translation>Filled from the ID card: born {0}, sex {1}</translation>
    </message>
</context>
<context>
    <name>ApprovalFields</name>
    <message>
        <source>Giám sát viên phê duyệt</source>
        <translation>Approving supervisor</translation>
    </message>
    <message>
        <source>Mật khẩu của giám sát viên</source>
        <translation>Supervisor&apos;s password</translation>
    </message>
</context>
<context>
    <name>BookModel</name>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Số bộ</source>
        <translation>Sets</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Liên hệ</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Chuyển xử lý</source>
        <translation>Sent for processing</translation>
    </message>
    <message>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đã trả</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>BookPage</name>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Xem sổ</source>
        <translation>Show the book</translation>
    </message>
    <message>
        <source>In sổ (PDF)</source>
        <translation>Print the book (PDF)</translation>
    </message>
    <message>
        <source>Mở PDF</source>
        <translation>Open PDF</translation>
    </message>
    <message>
        <source>Ngày cuối phải sau ngày đầu.</source>
        <translation>The end date must be after the start date.</translation>
    </message>
    <message>
        <source>Mỗi lần xem tối đa một năm.</source>
        <translation>At most one year at a time.</translation>
    </message>
    <message>
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Từ {0} đến {1}: {2} hồ sơ, {3} bộ.</source>
        <translation>From {0} to {1}: {2} dossiers, {3} sets.</translation>
    </message>
    <message>
        <source>Đang tạo PDF…</source>
        <translation>Making the PDF…</translation>
    </message>
    <message>
        <source>Đã tạo sổ: {0}</source>
        <translation>Book saved: {0}</translation>
    </message>
</context>
<context>
    <name>BusyButton</name>
    <message>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Required documents</translation>
    </message>
    <message>
        <source>Giấy tờ (đánh dấu khi đã nhận)</source>
        <translation>Document (tick when received)</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>(nếu có)</source>
        <translation>(if any)</translation>
    </message>
    <message>
        <source>Chọn thủ tục để xem thành phần hồ sơ.</source>
        <translation>Choose a procedure to see its documents.</translation>
    </message>
    <message>
        <source>Đã nhận {0} giấy tờ.</source>
        <translation>{0} documents received.</translation>
    </message>
    <message>
        <source>Còn thiếu {0} giấy tờ bắt buộc.</source>
        <translation>{0} required documents missing.</translation>
    </message>
    <message>
        <source>Đủ giấy tờ bắt buộc.</source>
        <translation>All required documents are in.</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>Bộ phận Một cửa – Quầy số {0}</source>
        <translation>One-stop office – Counter {0}</translation>
    </message>
    <message>
        <source>Chế độ trình diễn: tài khoản canbo1, mật khẩu motcua123.</source>
        <translation>Demo mode: user canbo1, password motcua123.</translation>
    </message>
</context>
<context>
    <name>DepartmentWindow</name>
    <message>
        <source>Phòng chuyên môn – hồ sơ cần xử lý</source>
        <translation>Department – dossiers to process</translation>
    </message>
    <message>
        <source>Phòng chuyên môn – xử lý hồ sơ</source>
        <translation>Department – dossier processing</translation>
    </message>
    <message>
        <source>Chế độ trình diễn: tài khoản chuyenvien, mật khẩu motcua123.</source>
        <translation>Demo mode: user chuyenvien, password motcua123.</translation>
    </message>
    <message>
        <source>Mã hồ sơ, họ tên, số điện thoại</source>
        <translation>Dossier code, name, phone</translation>
    </message>
    <message>
        <source>Làm mới (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Nhận xử lý</source>
        <translation>Take</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Request supplement</translation>
    </message>
    <message>
        <source>Yêu cầu nộp nghĩa vụ tài chính</source>
        <translation>Request payment</translation>
    </message>
    <message>
        <source>Dừng xử lý (Mẫu 05)</source>
        <translation>Stop (form 05)</translation>
    </message>
    <message>
        <source>Đã có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Chuyển cơ quan…</source>
        <translation>Hand over…</translation>
    </message>
    <message>
        <source>Hồ sơ chờ xử lý · {0}</source>
        <translation>Dossiers to process · {0}</translation>
    </message>
    <message>
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{0} hồ sơ đang chờ (gấp nhất trước)</source>
        <translation>{0} dossiers waiting (most urgent first)</translation>
    </message>
    <message>
        <source>Đã cập nhật hồ sơ {0}.</source>
        <translation>Dossier {0} updated.</translation>
    </message>
    <message>
        <source>Đã tạo {0}.</source>
        <translation>Made {0}.</translation>
    </message>
    <message>
        <source>In phiếu kiểm soát (Mẫu 06)</source>
        <translation>Print the control sheet (form 06)</translation>
    </message>
    <message>
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Control sheet of the dossier&apos;s processing</translation>
    </message>
    <message>
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Đã tạo {0} nhưng chưa gửi được tới máy in: {1}</source>
        <translation>Made {0} but could not send it to the printer: {1}</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Chọn một hồ sơ để xem chi tiết.</source>
        <translation>Select a dossier to see its details.</translation>
    </message>
    <message>
        <source>Quá trình xử lý</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Return result</translation>
    </message>
    <message>
        <source>Xin lỗi, hẹn lại (Mẫu 04)</source>
        <translation>Apologise, new date (form 04)</translation>
    </message>
    <message>
        <source>Đã nhận đủ bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <source>In lại giấy hẹn</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <source>QUÁ HẠN</source>
        <translation>OVERDUE</translation>
    </message>
    <message>
        <source>&lt;b&gt;Người nộp:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Applicant:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;CCCD:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;Điện thoại:&lt;/b&gt; {1}</source>
        <translation>&lt;b&gt;Citizen ID:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;Phone:&lt;/b&gt; {1}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Địa chỉ:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Address:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Thủ tục:&lt;/b&gt; {0} ({1})</source>
        <translation>&lt;b&gt;Procedure:&lt;/b&gt; {0} ({1})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tiếp nhận:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;Hẹn trả:&lt;/b&gt; {1}</source>
        <translation>&lt;b&gt;Received:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;Due:&lt;/b&gt; {1}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cán bộ tiếp nhận:&lt;/b&gt; {0}, quầy {1}</source>
        <translation>&lt;b&gt;Received by:&lt;/b&gt; {0}, counter {1}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hẹn ban đầu:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;First due date:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hẹn lại (thư xin lỗi):&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;New appointment (apology):&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <source>{0} ({1} chính, {2} sao)</source>
        <translation>{0} ({1} originals, {2} copies)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Giấy tờ đã nhận:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Documents received:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Liên thông:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Inter-agency route:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <source>Xin lỗi, hẹn lại</source>
        <translation>Apology, new date</translation>
    </message>
    <message>
        <source>Chuyển cơ quan</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Đã hẹn lại ngày trả kết quả.</source>
        <translation>New due date set.</translation>
    </message>
    <message>
        <source>Đã ghi nhận hồ sơ được bổ sung đủ.</source>
        <translation>Supplement recorded; the clock runs again.</translation>
    </message>
    <message>
        <source>Đang in lại giấy hẹn…</source>
        <translation>Reprinting the receipt…</translation>
    </message>
    <message>
        <source>Đã tạo {0}.</source>
        <translation>Made {0}.</translation>
    </message>
    <message>
        <source>Phiếu hẹn chưa in được: {0}</source>
        <translation>The receipt slip did not print: {0}</translation>
    </message>
    <message>
        <source>Chưa gửi được tới máy in A4: {0}</source>
        <translation>Not sent to the A4 printer: {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Số thứ tự:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Queue number:&lt;/b&gt; {0}</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cài đặt thiết bị</source>
        <translation>Device settings</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>Máy quét</source>
        <translation>Scanners</translation>
    </message>
    <message>
        <source>Quét kiểu bàn phím</source>
        <translation>Keyboard-mode scanner</translation>
    </message>
    <message>
        <source>Quầy {0} dùng máy in của quầy: {1} (đặt ở màn hình Quản trị).</source>
        <translation>Counter {0} uses its own printer: {1} (set in the admin window).</translation>
    </message>
    <message>
        <source>Kiểm tra</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>In thử</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Tìm cổng</source>
        <translation>Find ports</translation>
    </message>
    <message>
        <source>Thêm địa chỉ</source>
        <translation>Add address</translation>
    </message>
    <message>
        <source>Xoá</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Thử quét</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>Chọn máy quét rồi bấm Thử quét.</source>
        <translation>Choose a scanner, then press Test scan.</translation>
    </message>
    <message>
        <source>Cổng hiện có</source>
        <translation>Available ports</translation>
    </message>
    <message>
        <source>Nhận mã từ máy quét kiểu bàn phím</source>
        <translation>Accept codes from a keyboard-mode scanner</translation>
    </message>
    <message>
        <source>Để trống: nhận theo tốc độ gõ phím</source>
        <translation>Leave empty to detect scans by typing speed</translation>
    </message>
    <message>
        <source>Không có</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Tiền tố</source>
        <translation>Prefix</translation>
    </message>
    <message>
        <source>Ký tự kết thúc</source>
        <translation>End character</translation>
    </message>
    <message>
        <source>Khoảng cách phím tối đa</source>
        <translation>Maximum gap between keys</translation>
    </message>
    <message>
        <source>Độ dài tối thiểu</source>
        <translation>Minimum length</translation>
    </message>
    <message>
        <source>Không liệt kê được cổng: </source>
        <translation>Cannot list the ports: </translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Đang in thử…</source>
        <translation>Printing a test page…</translation>
    </message>
    <message>
        <source>Đã in trang thử.</source>
        <translation>Test page printed.</translation>
    </message>
    <message>
        <source>Máy quét ảo: dùng cửa sổ Máy quét ảo.</source>
        <translation>Virtual scanner: use the Virtual scanner window.</translation>
    </message>
    <message>
        <source>Mời quét một mã…</source>
        <translation>Please scan a code…</translation>
    </message>
    <message>
        <source>Chưa kết nối: </source>
        <translation>Not connected: </translation>
    </message>
    <message>
        <source>Đã nhận: </source>
        <translation>Received: </translation>
    </message>
    <message>
        <source>Không nhận được mã nào.</source>
        <translation>No code was received.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DispenserWindow</name>
    <message>
        <source>Lấy số thứ tự</source>
        <translation>Take a queue number</translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation>One-stop office</translation>
    </message>
    <message>
        <source>Chạm vào lĩnh vực ông/bà cần giải quyết để nhận phiếu.</source>
        <translation>Touch the service you need to get your ticket.</translation>
    </message>
    <message>
        <source>Tôi thuộc đối tượng ưu tiên</source>
        <translation>I am entitled to priority</translation>
    </message>
    <message>
        <source>Số thứ tự của ông/bà</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <source>Mời nhận phiếu và ngồi chờ. Số sẽ được gọi trên màn hình.</source>
        <translation>Please take your ticket and have a seat. Your number will be called on the screen.</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Đã hết số trong ngày</source>
        <translation>No more numbers today</translation>
    </message>
    <message numerus="yes">
        <source>Đang chờ: %n người</source>
        <translation>
            <numerusform>Waiting: %n person</numerusform>
            <numerusform>Waiting: %n people</numerusform>
        </translation>
    </message>
    <message>
        <source>Đối tượng ưu tiên</source>
        <translation>Priority service</translation>
    </message>
    <message>
        <source>Chọn đúng đối tượng; cán bộ có thể đề nghị xuất trình giấy tờ.</source>
        <translation>Please choose the group that applies to you; staff may ask for proof.</translation>
    </message>
    <message>
        <source>Không thuộc đối tượng ưu tiên</source>
        <translation>No priority</translation>
    </message>
    <message>
        <source>Ưu tiên: %1</source>
        <translation>Priority: %1</translation>
    </message>
    <message>
        <source>Đổi / bỏ ưu tiên</source>
        <translation>Change / remove priority</translation>
    </message>
    <message>
        <source>Đang in phiếu…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Xin vui lòng chờ trong giây lát.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message numerus="yes">
        <source>Số người chờ trước ông/bà: %n</source>
        <translation>
            <numerusform>%n person ahead of you</numerusform>
            <numerusform>%n people ahead of you</numerusform>
        </translation>
    </message>
    <message>
        <source>Ông/bà sẽ được phục vụ ngay sau đây.</source>
        <translation>You will be served shortly.</translation>
    </message>
    <message>
        <source>Máy in phiếu đang gặp sự cố nên chưa cấp được số. Vui lòng báo cán bộ tại quầy để được hỗ trợ.</source>
        <translation>The ticket printer has a problem, so no number could be issued. Please ask the staff at the counter for help.</translation>
    </message>
    <message>
        <source>Chưa in được phiếu</source>
        <translation>The ticket could not be printed</translation>
    </message>
    <message>
        <source>Đã có lỗi, chưa cấp được số. Vui lòng thử lại hoặc báo cán bộ.</source>
        <translation>Something went wrong and no number was issued. Please try again or ask the staff.</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Không phát được lời gọi số: {0}</source>
        <translation>Calls are not heard: {0}</translation>
    </message>
    <message>
        <source>Chủ Nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Màn hình gọi số</source>
        <translation>Queue display</translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation>One-stop office</translation>
    </message>
    <message>
        <source>Mời công dân theo dõi số thứ tự trên màn hình</source>
        <translation>Please watch the screen for your number</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Đang phục vụ số</source>
        <translation>Now serving</translation>
    </message>
    <message>
        <source>Các số vừa gọi</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <source>Mời số %1 đến quầy %2</source>
        <translation>Number %1, please go to counter %2</translation>
    </message>
    <message>
        <source>Quầy %1</source>
        <translation>Counter %1</translation>
    </message>
    <message>
        <source>, gọi lại</source>
        <translation>, called again</translation>
    </message>
    <message>
        <source>%1  →  Quầy %2   (%3)</source>
        <translation>%1  →  Counter %2   (%3)</translation>
    </message>
</context>
<context>
    <name>District</name>
    <message>
        <source>Chưa đăng nhập máy chủ huyện: đang xem số liệu của đơn vị này.</source>
        <translation>Not signed in to the district server: showing this office&apos;s figures.</translation>
    </message>
    <message>
        <source>Máy này chưa được cấu hình máy chủ huyện; không xem được báo cáo toàn huyện.</source>
        <translation>No district server is configured on this PC; the district reports cannot be shown.</translation>
    </message>
    <message>
        <source>Máy này chưa được cấu hình máy chủ đồng bộ (máy chủ huyện), nên chỉ xem được số liệu của đơn vị này. Quản trị viên đăng ký máy với máy chủ bằng lệnh kiosk enroll.</source>
        <translation>No sync server (district server) is configured on this PC, so only this office&apos;s figures can be shown. An administrator enrolls the PC with the server using kiosk enroll.</translation>
    </message>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Đang đọc cấu hình máy chủ đồng bộ…</source>
        <translation>Reading the sync server settings…</translation>
    </message>
</context>
<context>
    <name>DossierModel</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>quá hạn</source>
        <translation>overdue</translation>
    </message>
</context>
<context>
    <name>DossiersPage</name>
    <message>
        <source>Mã hồ sơ, tên (bất kỳ chữ nào), điện thoại, CCCD hoặc vài số cuối</source>
        <translation>Dossier code, any word of the name, phone, ID number, or the last digits</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Mọi lĩnh vực</source>
        <translation>Any field</translation>
    </message>
    <message>
        <source>Nhận từ ngày</source>
        <translation>Received from</translation>
    </message>
    <message>
        <source>đến ngày</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Tìm hồ sơ</source>
        <translation>Find dossiers</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Chưa quá hạn, hẹn trả trong hôm nay hoặc 2 ngày làm việc tới</source>
        <translation>Not overdue yet, due today or in the next 2 working days</translation>
    </message>
    <message>
        <source>Chờ trả kết quả</source>
        <translation>Ready to return</translation>
    </message>
    <message>
        <source>Trả kết quả… (Ctrl+R)</source>
        <translation>Return a result… (Ctrl+R)</translation>
    </message>
    <message>
        <source>Quá hạn ({0})</source>
        <translation>Overdue ({0})</translation>
    </message>
    <message>
        <source>Sắp đến hạn ({0})</source>
        <translation>Due soon ({0})</translation>
    </message>
    <message>
        <source>Chờ trả kết quả ({0})</source>
        <translation>Ready to return ({0})</translation>
    </message>
    <message>
        <source>Đang tìm…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>{0} hồ sơ</source>
        <translation>{0} dossiers</translation>
    </message>
    <message>
        <source>(hiển thị tối đa 500)</source>
        <translation>(500 shown at most)</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ nào.</source>
        <translation>No dossier found.</translation>
    </message>
    <message>
        <source>sớm hạn</source>
        <translation>early</translation>
    </message>
    <message>
        <source>đúng hạn</source>
        <translation>on time</translation>
    </message>
    <message>
        <source>trễ hạn</source>
        <translation>late</translation>
    </message>
    <message>
        <source>Đã trả kết quả hồ sơ {0} cho {1} ({2}).</source>
        <translation>Result of dossier {0} returned to {1} ({2}).</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Lỗi đọc/ghi tệp: {0}</source>
        <translation>File error: {0}</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi không mong đợi ({0}). Thao tác chưa được lưu.</source>
        <translation>An unexpected error occurred ({0}). Nothing was saved.</translation>
    </message>
</context>
<context>
    <name>FeeForm</name>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <source>— chưa ghi —</source>
        <translation>— not recorded —</translation>
    </message>
    <message>
        <source>Đã thu</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Miễn</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <source>Đã nộp trực tuyến</source>
        <translation>Paid online</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>Nothing due</translation>
    </message>
    <message>
        <source>Số tiền (đồng)</source>
        <translation>Amount (VND)</translation>
    </message>
    <message>
        <source>Số biên lai</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <source>Lý do miễn</source>
        <translation>Reason for exemption</translation>
    </message>
</context>
<context>
    <name>FeesTab</name>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Đã thu</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Tiền đã thu</source>
        <translation>Amount paid</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Tiền trực tuyến</source>
        <translation>Amount online</translation>
    </message>
    <message>
        <source>Miễn</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>Nothing due</translation>
    </message>
    <message>
        <source>Chưa ghi</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>Tiền mặt đã thu phải nộp: {0}</source>
        <translation>Cash collected to hand over: {0}</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Chuyển hồ sơ liên thông</source>
        <translation>Hand over an inter-agency dossier</translation>
    </message>
    <message>
        <source>Chuyển hồ sơ {0} cho cơ quan:</source>
        <translation>Hand dossier {0} over to:</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chuyển</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Chọn hoặc nhập cơ quan nhận.</source>
        <translation>Choose or type the receiving agency.</translation>
    </message>
</context>
<context>
    <name>KeyPad</name>
    <message>
        <source>Dấu cách</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>KioskStatusBar</name>
    <message>
        <source>Máy quét: sẵn sàng</source>
        <translation>Scanner: ready</translation>
    </message>
    <message>
        <source>Đồng bộ: …</source>
        <translation>Sync: …</translation>
    </message>
    <message>
        <source>chưa cấu hình</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>Máy quét {0}: đã kết nối</source>
        <translation>Scanner {0}: connected</translation>
    </message>
    <message>
        <source>Máy quét {0}: mất kết nối</source>
        <translation>Scanner {0}: disconnected</translation>
    </message>
    <message>
        <source>Máy in: đang kiểm tra…</source>
        <translation>Printer: checking…</translation>
    </message>
    <message>
        <source>Máy in: sẵn sàng</source>
        <translation>Printer: ready</translation>
    </message>
    <message>
        <source>Máy in: {0}</source>
        <translation>Printer: {0}</translation>
    </message>
    <message>
        <source>lỗi</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Cán bộ: {0}</source>
        <translation>Clerk: {0}</translation>
    </message>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Máy quét: lần quét cuối {0}</source>
        <translation>Scanner: last scan {0}</translation>
    </message>
    <message>
        <source>Đồng bộ: chưa nối máy chủ, {0} chờ gửi</source>
        <translation>Sync: no server, {0} waiting</translation>
    </message>
    <message>
        <source>Đồng bộ: lần cuối {0}, {1} chờ gửi</source>
        <translation>Sync: last {0}, {1} waiting</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>never</translation>
    </message>
    <message>
        <source>đang mất kết nối</source>
        <translation>connection lost</translation>
    </message>
    <message>
        <source>{0} bị máy chủ từ chối</source>
        <translation>{0} refused by the server</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Xin lỗi</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Ông/bà còn sử dụng không?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Tiếp tục sử dụng</source>
        <translation>Continue</translation>
    </message>
    <message numerus="yes">
        <source>Màn hình sẽ trở về trang đầu sau %n giây. Chạm để tiếp tục.</source>
        <translation>
            <numerusform>The screen will return to the start in %n second. Touch to continue.</numerusform>
            <numerusform>The screen will return to the start in %n seconds. Touch to continue.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa cấu hình mã PIN quản trị; không thể thoát từ màn hình.</source>
        <translation>No admin PIN is configured; this screen cannot be closed from here.</translation>
    </message>
    <message>
        <source>Nhập sai mã PIN nhiều lần. Vui lòng chờ %1 phút.</source>
        <translation>Too many wrong PINs. Please wait %1 minute(s).</translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Nhập mã PIN để thoát chế độ kiosk.</source>
        <translation>Enter the PIN to leave kiosk mode.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Đóng cửa sổ này? Công dân sẽ không dùng được màn hình cho đến khi mở lại.</source>
        <translation>Close this window? Citizens cannot use this screen until it is opened again.</translation>
    </message>
    <message>
        <source>Đóng cửa sổ</source>
        <translation>Close window</translation>
    </message>
    <message>
        <source>Mã PIN không đúng.</source>
        <translation>Wrong PIN.</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>Đăng nhập bằng tài khoản cán bộ</source>
        <translation>Log in with your staff account</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập và mật khẩu.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>OpenFile</name>
    <message>
        <source>Máy này chưa có chương trình mở tệp PDF. Tệp đã lưu tại: {0}</source>
        <translation>This PC has no program to open PDF files. The file is saved at: {0}</translation>
    </message>
    <message>
        <source>Không còn tệp {0}.</source>
        <translation>The file {0} is no longer there.</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Tháng trước</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>Quý này</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <source>Năm nay</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Năm trước</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>Tùy chọn</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>từ ngày</source>
        <translation>from</translation>
    </message>
    <message>
        <source>đến ngày</source>
        <translation>to</translation>
    </message>
</context>
<context>
    <name>Printers</name>
    <message>
        <source>Máy in số thứ tự</source>
        <translation>Queue ticket printer</translation>
    </message>
    <message>
        <source>Máy in giấy hẹn</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Máy in A4</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <source>Sẵn sàng</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Sắp hết giấy</source>
        <translation>Paper running low</translation>
    </message>
    <message>
        <source>Hết giấy</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>Nắp máy in đang mở</source>
        <translation>Printer cover open</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>Đã kết nối (máy in không báo trạng thái)</source>
        <translation>Connected (the printer reports no status)</translation>
    </message>
    <message>
        <source>In qua máy in của hệ thống</source>
        <translation>Printing through the system printer</translation>
    </message>
    <message>
        <source>Chưa cấu hình</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <source>Cấu hình sai</source>
        <translation>Invalid configuration</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>ProcedureBrowser</name>
    <message>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedures</translation>
    </message>
    <message>
        <source>Tìm theo tên</source>
        <translation>Search by name</translation>
    </message>
    <message>
        <source>Không có thủ tục nào khớp. Hãy thử từ khác.</source>
        <translation>No procedure matches. Please try other words.</translation>
    </message>
    <message>
        <source>Về trang đầu</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Quay lại danh sách</source>
        <translation>Back to the list</translation>
    </message>
    <message>
        <source>Tất cả lĩnh vực</source>
        <translation>All fields</translation>
    </message>
    <message>
        <source>Chưa tải được danh mục thủ tục. Vui lòng thử lại.</source>
        <translation>The list of procedures could not be loaded. Please try again.</translation>
    </message>
    <message>
        <source>Ẩn bàn phím</source>
        <translation>Hide keyboard</translation>
    </message>
    <message>
        <source>gõ không dấu…</source>
        <translation>type without accents…</translation>
    </message>
    <message>
        <source>Bản chính: %1 · Bản sao: %2</source>
        <translation>Originals: %1 · Copies: %2</translation>
    </message>
    <message>
        <source> (nếu có)</source>
        <translation> (if any)</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Required documents</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết</source>
        <translation>Processing time</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <source>Nơi nộp hồ sơ</source>
        <translation>Where to apply</translation>
    </message>
    <message>
        <source>Kết quả và nơi trả kết quả</source>
        <translation>Result and where to collect it</translation>
    </message>
    <message>
        <source>Các cơ quan phối hợp (liên thông)</source>
        <translation>Agencies involved (joint procedure)</translation>
    </message>
    <message>
        <source>Căn cứ pháp lý</source>
        <translation>Legal basis</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <source>Tìm theo tên hoặc mã thủ tục (Ctrl+F)</source>
        <translation>Search by name or code (Ctrl+F)</translation>
    </message>
    <message>
        <source>{0} / {1} thủ tục</source>
        <translation>{0} / {1} procedures</translation>
    </message>
</context>
<context>
    <name>PublicText</name>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Bình thường</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Rất không hài lòng</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>Người cao tuổi</source>
        <translation>Elderly person</translation>
    </message>
    <message>
        <source>Người khuyết tật</source>
        <translation>Person with a disability</translation>
    </message>
    <message>
        <source>Phụ nữ mang thai</source>
        <translation>Pregnant woman</translation>
    </message>
    <message>
        <source>Người đi cùng trẻ nhỏ</source>
        <translation>Person with a small child</translation>
    </message>
    <message>
        <source>Người có công với cách mạng</source>
        <translation>Person with meritorious services to the revolution</translation>
    </message>
    <message>
        <source>Đã đăng ký trực tuyến, chưa tiếp nhận</source>
        <translation>Registered online, not yet received</translation>
    </message>
    <message>
        <source>Đã tiếp nhận, đang chuyển xử lý</source>
        <translation>Received and passed on for processing</translation>
    </message>
    <message>
        <source>Không được tiếp nhận</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>Being processed</translation>
    </message>
    <message>
        <source>Cần bổ sung giấy tờ</source>
        <translation>Further documents needed</translation>
    </message>
    <message>
        <source>Chờ thực hiện nghĩa vụ tài chính</source>
        <translation>Awaiting payment of fees or taxes</translation>
    </message>
    <message>
        <source>Đã rút hồ sơ theo yêu cầu</source>
        <translation>Withdrawn at your request</translation>
    </message>
    <message>
        <source>Đã dừng giải quyết</source>
        <translation>Processing stopped</translation>
    </message>
    <message>
        <source>Đã có kết quả, mời đến nhận</source>
        <translation>Result ready, please come and collect it</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Result handed over</translation>
    </message>
    <message>
        <source>Trong hạn</source>
        <translation>On schedule</translation>
    </message>
    <message>
        <source>Quá hạn giải quyết</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Tạm dừng, chờ bổ sung</source>
        <translation>On hold, awaiting documents</translation>
    </message>
    <message>
        <source>Tạm dừng, chờ thực hiện nghĩa vụ tài chính</source>
        <translation>On hold, awaiting payment of fees and taxes</translation>
    </message>
    <message>
        <source>Hoàn thành trước hạn</source>
        <translation>Completed ahead of schedule</translation>
    </message>
    <message>
        <source>Hoàn thành đúng hạn</source>
        <translation>Completed on schedule</translation>
    </message>
    <message>
        <source>Hoàn thành trễ hạn</source>
        <translation>Completed late</translation>
    </message>
    <message>
        <source>%H:%M ngày %d/%m/%Y</source>
        <translation>%H:%M on %d/%m/%Y</translation>
    </message>
</context>
<context>
    <name>QueueLeave</name>
    <message>
        <source>Số đang phục vụ</source>
        <translation>Ticket being served</translation>
    </message>
    <message>
        <source>Số {0} ({1} gọi lúc {2}) vẫn đang ở trạng thái đang phục vụ tại quầy này.</source>
        <translation>Ticket {0} (called by {1} at {2}) is still being served at this counter.</translation>
    </message>
    <message>
        <source>Số {0} đang được phục vụ tại quầy này. Trước khi đăng xuất:</source>
        <translation>Ticket {0} is being served at this counter. Before logging out:</translation>
    </message>
    <message>
        <source>Trả lại hàng chờ: công dân được gọi lại trước tiên, không mất lượt.</source>
        <translation>Put back in the queue: the citizen is called next and loses no place.</translation>
    </message>
    <message>
        <source>Trả lại hàng chờ</source>
        <translation>Put back in the queue</translation>
    </message>
    <message>
        <source>Đã phục vụ xong</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Tiếp tục phục vụ</source>
        <translation>Keep serving</translation>
    </message>
    <message>
        <source>Ở lại</source>
        <translation>Stay</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Quầy số {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <source>Đang phục vụ</source>
        <translation>Now serving</translation>
    </message>
    <message>
        <source>Chưa gọi số nào</source>
        <translation>No ticket called</translation>
    </message>
    <message>
        <source>Gọi số tiếp theo</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Gọi lại</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Vắng mặt</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Chuyển…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Đang chờ</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Quầy số {0} chưa được cấu hình trong hệ thống.</source>
        <translation>Counter {0} is not configured.</translation>
    </message>
    <message>
        <source>ưu tiên</source>
        <translation>priority</translation>
    </message>
    <message>
        <source>Gọi lúc {0} (lần {1})</source>
        <translation>Called at {0} (call {1})</translation>
    </message>
    <message>
        <source>Không còn ai đang chờ.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <source>Đánh dấu số {0} vắng mặt?</source>
        <translation>Mark ticket {0} as absent?</translation>
    </message>
    <message>
        <source>Có thể hoàn tác trong {0} phút nếu công dân quay lại.</source>
        <translation>This can be undone within {0} minutes if the citizen comes back.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Số {0} vắng mặt.</source>
        <translation>{0} did not come.</translation>
    </message>
    <message>
        <source>Hoàn tác: số {0} có mặt</source>
        <translation>Undo: ticket {0} is here</translation>
    </message>
    <message>
        <source>Đã hoàn tác: số {0} được phục vụ tiếp.</source>
        <translation>Undone: ticket {0} is served again.</translation>
    </message>
    <message>
        <source>Đã phục vụ xong số {0}.</source>
        <translation>{0} served.</translation>
    </message>
    <message>
        <source>Đã chuyển số {0}.</source>
        <translation>{0} transferred.</translation>
    </message>
</context>
<context>
    <name>QueueTab</name>
    <message>
        <source>Theo dịch vụ và quầy</source>
        <translation>By service and counter</translation>
    </message>
    <message>
        <source>Theo dịch vụ</source>
        <translation>By service</translation>
    </message>
    <message>
        <source>Theo quầy</source>
        <translation>By counter</translation>
    </message>
    <message>
        <source>Theo cán bộ</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <source>Theo ngày</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>Mục tiêu chờ</source>
        <translation>Waiting target</translation>
    </message>
    <message>
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Dịch vụ</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Số phát</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Đã phục vụ</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Vắng mặt</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Chờ TB
(phút:giây)</source>
        <translation>Avg wait
(min:s)</translation>
    </message>
    <message>
        <source>Chờ lâu nhất</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <source>Phục vụ TB</source>
        <translation>Avg service</translation>
    </message>
    <message>
        <source>Chờ quá
mục tiêu</source>
        <translation>Over
target</translation>
    </message>
    <message>
        <source>Tỷ lệ chờ
quá mục tiêu</source>
        <translation>Share over
target</translation>
    </message>
    <message>
        <source>Thời gian chờ trung bình (phút)</source>
        <translation>Average waiting time (minutes)</translation>
    </message>
    <message>
        <source>Không có số thứ tự nào trong kỳ.</source>
        <translation>No tickets in this period.</translation>
    </message>
    <message>
        <source>Đã phát {0} số, phục vụ {1}, vắng mặt {2}. Chờ trung bình {3}, lâu nhất {4}; {5} công dân chờ quá {6} phút ({7}).</source>
        <translation>{0} tickets issued, {1} served, {2} no-shows. Average wait {3}, longest {4}; {5} citizens waited over {6} minutes ({7}).</translation>
    </message>
    <message>
        <source>Theo đơn vị</source>
        <translation>By office</translation>
    </message>
    <message>
        <source>Theo đơn vị và dịch vụ</source>
        <translation>By office and service</translation>
    </message>
    <message>
        <source>Theo đơn vị và ngày</source>
        <translation>By office and day</translation>
    </message>
    <message>
        <source>Theo đơn vị và quầy</source>
        <translation>By office and counter</translation>
    </message>
    <message>
        <source>Đơn vị</source>
        <translation>Office</translation>
    </message>
</context>
<context>
    <name>RatingPanel</name>
    <message>
        <source>Ông/bà có hài lòng với sự phục vụ không?</source>
        <translation>Are you satisfied with our service?</translation>
    </message>
</context>
<context>
    <name>RatingWindow</name>
    <message>
        <source>Đánh giá sự hài lòng</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>Xin ông/bà dành vài giây để đánh giá.</source>
        <translation>Please take a few seconds to rate our service.</translation>
    </message>
    <message>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <source>Cảm ơn ông/bà đã đánh giá!</source>
        <translation>Thank you for your feedback!</translation>
    </message>
    <message>
        <source>Cảm ơn!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Cảm ơn ông/bà đã đến làm thủ tục.</source>
        <translation>Thank you for your visit.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Phải nhập lý do.</source>
        <translation>A reason is required.</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <source>Số bộ hồ sơ</source>
        <translation>Sets</translation>
    </message>
    <message>
        <source>Nơi trả kết quả</source>
        <translation>Result returned at</translation>
    </message>
    <message>
        <source>Tiếp nhận (Ctrl+Enter)</source>
        <translation>Receive (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung (Mẫu 02)</source>
        <translation>Request supplement (form 02)</translation>
    </message>
    <message>
        <source>Từ chối (Mẫu 03)</source>
        <translation>Refuse (form 03)</translation>
    </message>
    <message>
        <source>Hồ sơ mới (Ctrl+N)</source>
        <translation>New dossier (Ctrl+N)</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure chosen.</translation>
    </message>
    <message>
        <source>không</source>
        <translation>none</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Lĩnh vực: {1}&lt;br&gt;Thời hạn: {2}&lt;br&gt;Phí, lệ phí: {3}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Field: {1}&lt;br&gt;Time limit: {2}&lt;br&gt;Fees: {3}</translation>
    </message>
    <message>
        <source>Tại Bộ phận Một cửa</source>
        <translation>At the one-stop office</translation>
    </message>
    <message>
        <source>trong ngày làm việc</source>
        <translation>within the working day</translation>
    </message>
    <message>
        <source>{0} giờ làm việc</source>
        <translation>{0} working hours</translation>
    </message>
    <message>
        <source>{0} ngày</source>
        <translation>{0} days</translation>
    </message>
    <message>
        <source>{0} ngày làm việc</source>
        <translation>{0} working days</translation>
    </message>
    <message>
        <source>Hãy chọn thủ tục trước.</source>
        <translation>Choose the procedure first.</translation>
    </message>
    <message>
        <source>Kiểm tra lại thông tin người nộp.</source>
        <translation>Check the applicant&apos;s details.</translation>
    </message>
    <message>
        <source>Kiểm tra lại phần phí, lệ phí.</source>
        <translation>Check the fees and charges.</translation>
    </message>
    <message>
        <source>Chưa đủ giấy tờ bắt buộc ({0}). Đánh dấu đủ, hoặc chọn «Yêu cầu bổ sung».</source>
        <translation>Required documents missing ({0}). Tick them all, or choose “Request supplement”.</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung hồ sơ</source>
        <translation>Request a supplement</translation>
    </message>
    <message>
        <source>Lý do, hướng dẫn bổ sung (in trên Mẫu 02):</source>
        <translation>Reason and guidance (printed on form 02):</translation>
    </message>
    <message>
        <source>Lưu và in Mẫu 02</source>
        <translation>Save and print form 02</translation>
    </message>
    <message>
        <source>{0} – {1}</source>
        <translation>{0} – {1}</translation>
    </message>
    <message>
        <source>Giấy tờ theo hướng dẫn</source>
        <translation>Documents as advised</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận hồ sơ</source>
        <translation>Refuse the dossier</translation>
    </message>
    <message>
        <source>Lý do từ chối (bắt buộc, in trên Mẫu 03):</source>
        <translation>Reason for refusal (required, printed on form 03):</translation>
    </message>
    <message>
        <source>Từ chối và in Mẫu 03</source>
        <translation>Refuse and print form 03</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>ReportTab</name>
    <message>
        <source>Xem báo cáo</source>
        <translation>Show report</translation>
    </message>
    <message>
        <source>Xuất CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Ngày kết thúc phải sau ngày bắt đầu kỳ báo cáo.</source>
        <translation>The period must end after it starts.</translation>
    </message>
    <message>
        <source>Đang tính…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>Lưu báo cáo</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Đã lưu {0}</source>
        <translation>Saved {0}</translation>
    </message>
    <message>
        <source>Toàn huyện, theo máy chủ {0}: {1} đơn vị ({2}).</source>
        <translation>Whole district, from server {0}: {1} offices ({2}).</translation>
    </message>
    <message>
        <source>Đang tải từ máy chủ…</source>
        <translation>Loading from the server…</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>In lại</source>
        <translation>Print again</translation>
    </message>
    <message>
        <source>Mở PDF</source>
        <translation>Open PDF</translation>
    </message>
    <message>
        <source>In…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <source>Đã lập phiếu yêu cầu bổ sung</source>
        <translation>Supplement request made</translation>
    </message>
    <message>
        <source>Đã từ chối tiếp nhận</source>
        <translation>Dossier refused</translation>
    </message>
    <message>
        <source>Hẹn trả kết quả: {0}</source>
        <translation>Result due: {0}</translation>
    </message>
    <message>
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Đã tạo phiếu PDF.</source>
        <translation>PDF form made.</translation>
    </message>
    <message>
        <source>Đã in phiếu hẹn.</source>
        <translation>Receipt slip printed.</translation>
    </message>
    <message>
        <source>Phiếu hẹn chưa in được: {0}</source>
        <translation>The receipt slip did not print: {0}</translation>
    </message>
    <message>
        <source>Chưa gửi được tới máy in A4: {0}</source>
        <translation>Not sent to the A4 printer: {0}</translation>
    </message>
    <message>
        <source>Chưa in được. Bấm «In lại» để thử lại.</source>
        <translation>Not printed. Press “Print again” to retry.</translation>
    </message>
    <message>
        <source>Đã gửi tới máy in.</source>
        <translation>Sent to the printer.</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Ngày tiếp nhận</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>Hẹn trả kết quả</source>
        <translation>Result due on</translation>
    </message>
    <message>
        <source>Ông/bà cần làm gì tiếp theo?</source>
        <translation>What should you do next?</translation>
    </message>
    <message>
        <source>Quá trình giải quyết</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Để xem quá trình giải quyết, hãy xác thực bằng 4 số cuối điện thoại.</source>
        <translation>To see the progress, verify with the last 4 digits of your phone number.</translation>
    </message>
    <message>
        <source>Về trang đầu</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Tra cứu mã khác</source>
        <translation>Look up another code</translation>
    </message>
    <message>
        <source>Xem chi tiết</source>
        <translation>See details</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>%1 (hẹn lại: %2)</source>
        <translation>%1 (new appointment: %2)</translation>
    </message>
    <message>
        <source>Đơn vị giải quyết: %1</source>
        <translation>Handled by: %1</translation>
    </message>
</context>
<context>
    <name>ResultsTab</name>
    <message>
        <source>Tiếp nhận {0} hồ sơ, đã giải quyết {1} (đúng hạn và trước hạn {2}), đang giải quyết {3} ({4} quá hạn).</source>
        <translation>{0} dossiers received, {1} resolved (early or on time: {2}), {3} pending ({4} overdue).</translation>
    </message>
    <message>
        <source>Theo lĩnh vực</source>
        <translation>By field</translation>
    </message>
    <message>
        <source>Theo thủ tục</source>
        <translation>By procedure</translation>
    </message>
    <message>
        <source>Theo quầy</source>
        <translation>By counter</translation>
    </message>
    <message>
        <source>Theo cán bộ tiếp nhận</source>
        <translation>By receiving clerk</translation>
    </message>
    <message>
        <source>Nhóm</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Chốt số liệu</source>
        <translation>Close the period</translation>
    </message>
    <message>
        <source>Lưu số liệu của kỳ báo cáo; các thay đổi ghi nhận sau đó hiện thành dòng điều chỉnh riêng.</source>
        <translation>Store the period&apos;s figures; changes recorded later show as separate adjustment lines.</translation>
    </message>
    <message>
        <source>Xuất PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Tiếp nhận
(3)</source>
        <translation>Received
(3)</translation>
    </message>
    <message>
        <source>Trực tuyến
(4)</source>
        <translation>Online
(4)</translation>
    </message>
    <message>
        <source>Trực tiếp,
bưu chính (5)</source>
        <translation>In person,
by post (5)</translation>
    </message>
    <message>
        <source>Kỳ trước
chuyển qua (6)</source>
        <translation>Carried
over (6)</translation>
    </message>
    <message>
        <source>Đã giải quyết
(7)</source>
        <translation>Resolved
(7)</translation>
    </message>
    <message>
        <source>Trước hạn
(8)</source>
        <translation>Early
(8)</translation>
    </message>
    <message>
        <source>Đúng hạn
(9)</source>
        <translation>On time
(9)</translation>
    </message>
    <message>
        <source>Quá hạn
(10)</source>
        <translation>Late
(10)</translation>
    </message>
    <message>
        <source>Đang giải quyết
(11)</source>
        <translation>Pending
(11)</translation>
    </message>
    <message>
        <source>Trong hạn
(12)</source>
        <translation>In time
(12)</translation>
    </message>
    <message>
        <source>Quá hạn
(13)</source>
        <translation>Overdue
(13)</translation>
    </message>
    <message>
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Đang giải quyết trong hạn</source>
        <translation>Pending, in time</translation>
    </message>
    <message>
        <source>Đang giải quyết quá hạn</source>
        <translation>Pending, overdue</translation>
    </message>
    <message>
        <source>Hồ sơ theo kết quả giải quyết</source>
        <translation>Dossiers by result</translation>
    </message>
    <message>
        <source>Không có hồ sơ trong kỳ báo cáo.</source>
        <translation>No dossiers in this period.</translation>
    </message>
    <message>
        <source>Kỳ báo cáo đã chốt số liệu lúc {0} ({1}); số liệu dưới đây là số đã chốt.</source>
        <translation>The period was closed at {0} ({1}); the figures below are the closed ones.</translation>
    </message>
    <message>
        <source>Điều chỉnh sau khi chốt – {0}: {1}</source>
        <translation>Adjustment after closing – {0}: {1}</translation>
    </message>
    <message>
        <source>Chốt số liệu kỳ báo cáo từ {0} đến {1}? Số liệu được lưu lại; thay đổi ghi nhận sau đó chỉ hiện thành dòng điều chỉnh.</source>
        <translation>Close the period from {0} to {1}? Its figures are stored; changes recorded later only show as adjustment lines.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang chốt…</source>
        <translation>Closing…</translation>
    </message>
    <message>
        <source>Đã chốt số liệu lúc {0}.</source>
        <translation>Period closed at {0}.</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Theo đơn vị</source>
        <translation>By office</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Đơn vị</source>
        <translation>Office</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Trả kết quả</source>
        <translation>Return result</translation>
    </message>
    <message>
        <source>Quét mã QR trên giấy hẹn hoặc nhập mã hồ sơ.</source>
        <translation>Scan the receipt&apos;s QR code or type the dossier code.</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nhận kết quả</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <source>Xác nhận đã trả kết quả</source>
        <translation>Confirm the result was returned</translation>
    </message>
    <message>
        <source>{0}
{1}
Trạng thái: {2}</source>
        <translation>{0}
{1}
Status: {2}</translation>
    </message>
    <message>
        <source>Hồ sơ này chưa có kết quả để trả.</source>
        <translation>This dossier has no result to return yet.</translation>
    </message>
    <message>
        <source>Nhấn Enter để tải hồ sơ theo mã đang nhập.</source>
        <translation>Press Enter to load the dossier of the code you typed.</translation>
    </message>
</context>
<context>
    <name>RosterGate</name>
    <message>
        <source>Đang kiểm tra lịch trực…</source>
        <translation>Checking the duty roster…</translation>
    </message>
    <message>
        <source>Đăng nhập ngoài lịch trực</source>
        <translation>Signing in off the duty roster</translation>
    </message>
    <message>
        <source>Vẫn đăng nhập tại quầy này? Lần đăng nhập ngoài lịch trực này sẽ được ghi lại để lãnh đạo theo dõi.</source>
        <translation>Sign in at this counter anyway? This sign-in off the duty roster will be recorded for the supervisor.</translation>
    </message>
    <message>
        <source>Vẫn đăng nhập</source>
        <translation>Sign in anyway</translation>
    </message>
    <message>
        <source>Hủy đăng nhập</source>
        <translation>Cancel sign-in</translation>
    </message>
    <message>
        <source>Đã hủy đăng nhập.</source>
        <translation>Sign-in cancelled.</translation>
    </message>
    <message>
        <source>Theo lịch trực ngày {0}, quầy số {1} do cán bộ {2} trực.</source>
        <translation>The duty roster for {0} puts {2} at counter {1}.</translation>
    </message>
    <message>
        <source>Theo lịch trực ngày {0}, quầy số {1} không có cán bộ trực.</source>
        <translation>The duty roster for {0} puts nobody at counter {1}.</translation>
    </message>
    <message>
        <source>Anh/chị được phân công trực quầy số {0}.</source>
        <translation>You are rostered at counter {0}.</translation>
    </message>
    <message>
        <source>Anh/chị không có tên trong lịch trực ngày này.</source>
        <translation>You are not on the duty roster for that day.</translation>
    </message>
</context>
<context>
    <name>RosterTab</name>
    <message>
        <source>◀ Hai tuần trước</source>
        <translation>◀ Two weeks back</translation>
    </message>
    <message>
        <source>Tuần này</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Hai tuần sau ▶</source>
        <translation>Two weeks on ▶</translation>
    </message>
    <message>
        <source>Cán bộ trực</source>
        <translation>Clerk on duty</translation>
    </message>
    <message>
        <source>Phân công cho ô đã chọn</source>
        <translation>Assign to the selected cells</translation>
    </message>
    <message>
        <source>Bỏ phân công</source>
        <translation>Clear the duty</translation>
    </message>
    <message>
        <source>Áp dụng ngày đã chọn cho các ô còn trống</source>
        <translation>Copy the selected day to the empty cells</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Lịch trực từ {0} đến {1}</source>
        <translation>Duty roster from {0} to {1}</translation>
    </message>
    <message>
        <source>Quầy {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <source>T2</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>T3</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>T4</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>T5</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>T6</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>T7</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>CN</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>— trống —</source>
        <translation>— nobody —</translation>
    </message>
    <message>
        <source>Chưa có cán bộ trực</source>
        <translation>Nobody is on duty</translation>
    </message>
    <message>
        <source>Cán bộ này được phân công trực hai quầy cùng ngày</source>
        <translation>This clerk is on duty at two counters the same day</translation>
    </message>
    <message>
        <source>Còn {0} ca trực chưa có người trong {1} ngày tới (sớm nhất: quầy {2} ngày {3}).</source>
        <translation>{0} duties have nobody in the next {1} days (first: counter {2} on {3}).</translation>
    </message>
    <message>
        <source>Có cán bộ được phân công trực hai quầy trong cùng một ngày.</source>
        <translation>A clerk is on duty at two counters on the same day.</translation>
    </message>
    <message>
        <source>Mọi quầy đều có cán bộ trực trong {0} ngày tới.</source>
        <translation>Every counter is staffed for the next {0} days.</translation>
    </message>
    <message>
        <source>Chọn ô (ngày, quầy) cần phân công.</source>
        <translation>Select the cells (day, counter) to assign.</translation>
    </message>
    <message>
        <source>Đã cập nhật {0} ô lịch trực.</source>
        <translation>{0} roster cells updated.</translation>
    </message>
    <message>
        <source>Chọn một ngày làm mẫu.</source>
        <translation>Select a day to copy.</translation>
    </message>
    <message>
        <source>Ngày đã chọn chưa có phân công nào.</source>
        <translation>The selected day has no duties yet.</translation>
    </message>
    <message>
        <source>Đã phân công thêm {0} ô.</source>
        <translation>{0} more cells assigned.</translation>
    </message>
    <message>
        <source>Đăng nhập ngoài lịch: {0}</source>
        <translation>Signed in off the roster: {0}</translation>
    </message>
    <message>
        <source>{0} đăng nhập ngoài lịch trực lúc {1}, {2} lần (lần cuối {3}).</source>
        <translation>{0} signed in off the duty roster at {1}, {2} time(s) (last at {3}).</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>SatisfactionTab</name>
    <message>
        <source>chỉ số theo Quyết định 766/QĐ-TTg: 100 % trừ tỷ lệ hồ sơ giải quyết quá hạn và tỷ lệ phản ánh, kiến nghị (lượt không hài lòng) trên tổng số hồ sơ tiếp nhận trong kỳ.</source>
        <translation>the index of Decision 766/QĐ-TTg: 100 % minus the share of dossiers resolved late and the share of complaints (dissatisfied ratings) over all dossiers received in the period.</translation>
    </message>
    <message>
        <source>số lượt đánh giá «Hài lòng» và «Rất hài lòng» trên tổng số lượt đánh giá trong kỳ (chỉ tính người đã đánh giá).</source>
        <translation>ratings «Satisfied» and «Very satisfied» over all ratings of the period (only people who rated).</translation>
    </message>
    <message>
        <source>Mức độ hài lòng</source>
        <translation>Satisfaction level</translation>
    </message>
    <message>
        <source>Tỷ lệ hài lòng</source>
        <translation>Satisfied share</translation>
    </message>
    <message>
        <source>Theo quầy và cán bộ</source>
        <translation>By counter and clerk</translation>
    </message>
    <message>
        <source>Theo quầy</source>
        <translation>By counter</translation>
    </message>
    <message>
        <source>Theo cán bộ</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Bình thường</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Rất không hài lòng</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Số lượt
đánh giá</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>Tỷ lệ
hài lòng</source>
        <translation>Satisfied
share</translation>
    </message>
    <message>
        <source>Không hài lòng
(phản ánh)</source>
        <translation>Dissatisfied
(complaints)</translation>
    </message>
    <message>
        <source>Lượt đánh giá theo mức độ</source>
        <translation>Ratings by level</translation>
    </message>
    <message>
        <source>Chưa có lượt đánh giá nào trong kỳ.</source>
        <translation>No ratings in this period.</translation>
    </message>
    <message>
        <source>{0} lượt đánh giá; tỷ lệ hài lòng {1}; {2} lượt không hài lòng. Chỉ số phục vụ (Quyết định 766/QĐ-TTg): giải quyết đúng hạn {3}, mức độ hài lòng {4}.</source>
        <translation>{0} ratings; satisfied {1}; {2} dissatisfied. Service index (Decision 766/QĐ-TTg): resolved on time {3}, satisfaction {4}.</translation>
    </message>
    <message>
        <source>Theo đơn vị</source>
        <translation>By office</translation>
    </message>
    <message>
        <source>Theo đơn vị và cán bộ</source>
        <translation>By office and clerk</translation>
    </message>
    <message>
        <source>Theo đơn vị và quầy</source>
        <translation>By office and counter</translation>
    </message>
    <message>
        <source>Đơn vị</source>
        <translation>Office</translation>
    </message>
</context>
<context>
    <name>Scans</name>
    <message>
        <source>Giấy hẹn: hồ sơ {0}</source>
        <translation>Receipt: dossier {0}</translation>
    </message>
    <message>
        <source>Thẻ căn cước: {0} ({1})</source>
        <translation>ID card: {0} ({1})</translation>
    </message>
    <message>
        <source>Số thứ tự {0}</source>
        <translation>Queue number {0}</translation>
    </message>
    <message>
        <source>Không nhận ra mã.</source>
        <translation>Code not recognised.</translation>
    </message>
</context>
<context>
    <name>ScopeChoice</name>
    <message>
        <source>Phạm vi:</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>Toàn huyện</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <source>Toàn huyện: số liệu mọi đơn vị, từ máy chủ {0}.</source>
        <translation>Whole district: every office&apos;s figures, from server {0}.</translation>
    </message>
    <message>
        <source>Đơn vị này</source>
        <translation>This office</translation>
    </message>
</context>
<context>
    <name>SelfCheckWindow</name>
    <message>
        <source>Mã in trên giấy hẹn, ví dụ {0}. Chỉ cần gõ các chữ số.</source>
        <translation>The code printed on the appointment slip, e.g. {0}. Only the digits need typing.</translation>
    </message>
    <message>
        <source>Tra cứu hồ sơ</source>
        <translation>Dossier lookup</translation>
    </message>
    <message>
        <source>Tra cứu hồ sơ – Bộ phận Một cửa</source>
        <translation>Dossier lookup – One-stop office</translation>
    </message>
    <message>
        <source>Tra cứu tình trạng hồ sơ</source>
        <translation>Check the status of your dossier</translation>
    </message>
    <message>
        <source>Đưa mã QR trên giấy hẹn trả kết quả vào máy quét,
hoặc chọn một mục dưới đây.</source>
        <translation>Hold the QR code on your appointment slip under the scanner,
or choose an option below.</translation>
    </message>
    <message>
        <source>Nhập mã hồ sơ</source>
        <translation>Enter the dossier code</translation>
    </message>
    <message>
        <source>Xem thủ tục hành chính</source>
        <translation>Administrative procedures</translation>
    </message>
    <message>
        <source>Đánh giá sự hài lòng</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Xóa hết</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Tra cứu</source>
        <translation>Look up</translation>
    </message>
    <message>
        <source>Xác thực để xem chi tiết</source>
        <translation>Verify to see the details</translation>
    </message>
    <message>
        <source>Nhập 4 số cuối của số điện thoại đã khai khi nộp hồ sơ, hoặc quét mã QR trên giấy hẹn.</source>
        <translation>Enter the last 4 digits of the phone number you gave when applying, or scan the QR code on your appointment slip.</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message numerus="yes">
        <source>Còn thiếu %n ký tự.</source>
        <translation>
            <numerusform>%n more character needed.</numerusform>
            <numerusform>%n more characters needed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đủ mã. Chạm «Tra cứu».</source>
        <translation>Code complete. Touch «Look up».</translation>
    </message>
    <message>
        <source>Mã hồ sơ chưa đủ. Vui lòng nhập đủ các chữ số trên giấy hẹn.</source>
        <translation>The dossier code is incomplete. Please enter all the digits on your appointment slip.</translation>
    </message>
    <message>
        <source>Chưa tra cứu được. Vui lòng thử lại hoặc hỏi cán bộ tại quầy.</source>
        <translation>The lookup did not succeed. Please try again or ask the staff at the counter.</translation>
    </message>
    <message>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <source>Chọn quầy đã phục vụ ông/bà, rồi chọn mức hài lòng.</source>
        <translation>Choose the counter that served you, then how satisfied you are.</translation>
    </message>
    <message>
        <source>Quầy %1</source>
        <translation>Counter %1</translation>
    </message>
    <message>
        <source>Cảm ơn ông/bà đã đánh giá!</source>
        <translation>Thank you for your feedback!</translation>
    </message>
    <message>
        <source>Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.</source>
        <translation>Your opinion helps us serve you better.</translation>
    </message>
    <message>
        <source>Về trang đầu</source>
        <translation>Home</translation>
    </message>
</context>
<context>
    <name>ServerLoginDialog</name>
    <message>
        <source>Báo cáo toàn huyện lấy từ máy chủ {0}. Nhập tài khoản giám sát trên máy chủ; mật khẩu chỉ dùng để đăng nhập, không lưu trên máy này.</source>
        <translation>The district reports come from server {0}. Enter your supervisor account on the server; the password is used only to sign in and is not kept on this PC.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập và mật khẩu.</source>
        <translation>Enter the user name and the password.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Đăng nhập máy chủ huyện</source>
        <translation>Sign in to the district server</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Quầy số</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Máy in phiếu hẹn</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Máy in biểu mẫu A4</source>
        <translation>A4 forms printer</translation>
    </message>
    <message>
        <source>chưa cấu hình</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Thiết bị…</source>
        <translation>Devices…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Chưa có bản dịch cho ngôn ngữ này.</source>
        <translation>There is no translation for this language yet.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Thiết lập bộ phận một cửa</source>
        <translation>Office set-up</translation>
    </message>
    <message>
        <source>Tiếp theo &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>&lt; Quay lại</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Mới đăng ký</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Được tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Không được tiếp nhận</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>In process</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung giấy tờ</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>Yêu cầu thực hiện nghĩa vụ tài chính</source>
        <translation>Awaiting payment</translation>
    </message>
    <message>
        <source>Công dân yêu cầu rút hồ sơ</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Dừng xử lý</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Đã xử lý xong</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Returned</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <source>Quầy {0}</source>
        <translation>Counter {0}</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>Giám sát – báo cáo, thống kê</source>
        <translation>Supervisor – reports and statistics</translation>
    </message>
    <message>
        <source>Giám sát – báo cáo, thống kê, lịch trực</source>
        <translation>Supervisor – reports, statistics, duty roster</translation>
    </message>
    <message>
        <source>Chế độ trình diễn: tài khoản giamsat, mật khẩu motcua123.</source>
        <translation>Demo mode: user giamsat, password motcua123.</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Theo dõi hạn giải quyết</source>
        <translation>Due-date watch</translation>
    </message>
    <message>
        <source>Kết quả giải quyết (II.06a)</source>
        <translation>Results (II.06a)</translation>
    </message>
    <message>
        <source>Hàng chờ</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Mức độ hài lòng</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Lịch trực</source>
        <translation>Duty roster</translation>
    </message>
    <message>
        <source>Thu phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <source>Giám sát · {0}</source>
        <translation>Supervisor · {0}</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>Yêu cầu bổ sung hồ sơ</source>
        <translation>Request a supplement</translation>
    </message>
    <message>
        <source>Hồ sơ {0} – {1}</source>
        <translation>Dossier {0} – {1}</translation>
    </message>
    <message>
        <source>Giấy tờ cần bổ sung và lý do:</source>
        <translation>Documents to add, and why:</translation>
    </message>
    <message>
        <source>Hồ sơ này đã được yêu cầu bổ sung một lần. Yêu cầu lần thứ hai cần giám sát viên phê duyệt (Nghị định 61/2018): giám sát viên nhập tên đăng nhập và mật khẩu; lý do ở trên được ghi lại.</source>
        <translation>A supplement was already requested for this dossier. A second request needs a supervisor&apos;s approval (Decree 61/2018): the supervisor types her user name and password; the reason above is recorded.</translation>
    </message>
    <message>
        <source>Lưu và in Mẫu 02</source>
        <translation>Save and print form 02</translation>
    </message>
    <message>
        <source>Phải nhập giấy tờ cần bổ sung và lý do.</source>
        <translation>Enter the documents to add and the reason.</translation>
    </message>
</context>
<context>
    <name>SupplementFlow</name>
    <message>
        <source>Dừng xử lý hồ sơ</source>
        <translation>Stop processing the dossier</translation>
    </message>
    <message>
        <source>Lý do dừng xử lý (in trên Mẫu 05):</source>
        <translation>Reason for stopping (printed on form 05):</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hồ sơ {0} – {1}</source>
        <translation>Dossier {0} – {1}</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Chuyển số thứ tự</source>
        <translation>Transfer the ticket</translation>
    </message>
    <message>
        <source>Chuyển số {0} sang:</source>
        <translation>Transfer {0} to:</translation>
    </message>
    <message>
        <source>Dịch vụ khác</source>
        <translation>Another service</translation>
    </message>
    <message>
        <source>Quầy khác</source>
        <translation>Another counter</translation>
    </message>
    <message>
        <source>Quầy số {0}</source>
        <translation>Counter {0}</translation>
    </message>
    <message>
        <source>Chuyển</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ValidatedField</name>
    <message>
        <source>Trường này bắt buộc.</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <source>Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.</source>
        <translation>Not a valid date; use dd/mm/yyyy.</translation>
    </message>
</context>
<context>
    <name>VirtualPrinterWindow</name>
    <message>
        <source>Máy in ảo</source>
        <translation>Virtual printer</translation>
    </message>
    <message>
        <source>Chưa có phiếu nào được in.</source>
        <translation>Nothing has been printed yet.</translation>
    </message>
    <message>
        <source>Các lần in</source>
        <translation>Print jobs</translation>
    </message>
    <message>
        <source>Hết giấy</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>Mở nắp</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>(không đọc được)</source>
        <translation>(unreadable)</translation>
    </message>
    <message>
        <source>Đang vẽ…</source>
        <translation>Rendering…</translation>
    </message>
</context>
<context>
    <name>VirtualScannerWindow</name>
    <message>
        <source>Máy quét ảo</source>
        <translation>Virtual scanner</translation>
    </message>
    <message>
        <source>Mã hồ sơ hoặc nội dung mã QR</source>
        <translation>Dossier code or QR code content</translation>
    </message>
    <message>
        <source>Quét</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>Thẻ căn cước mẫu</source>
        <translation>Sample ID card</translation>
    </message>
    <message>
        <source>Số thứ tự mẫu</source>
        <translation>Sample queue ticket</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Chọn hồ sơ gần đây hoặc nhập nội dung, rồi bấm Quét.</source>
        <translation>Choose a recent dossier or type the content, then press Scan.</translation>
    </message>
</context>
<context>
    <name>WatchTab</name>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>Đến hạn trong 2 ngày làm việc tới</source>
        <translation>Due in the next 2 working days</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Phòng chuyên môn</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>2 ngày tới</source>
        <translation>Next 2 days</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Cập nhật lúc {0}</source>
        <translation>Updated at {0}</translation>
    </message>
    <message>
        <source>Không có hồ sơ quá hạn hoặc sắp đến hạn.</source>
        <translation>No dossiers overdue or due soon.</translation>
    </message>
    <message>
        <source>Toàn huyện ({0} đơn vị), máy chủ cập nhật lúc {1}</source>
        <translation>Whole district ({0} offices), server updated at {1}</translation>
    </message>
    <message>
        <source>Đơn vị</source>
        <translation>Office</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Tiếp nhận (F5)</source>
        <translation>Reception (F5)</translation>
    </message>
    <message>
        <source>Hồ sơ (F6)</source>
        <translation>Dossiers (F6)</translation>
    </message>
    <message>
        <source>Sổ theo dõi (F7)</source>
        <translation>Tracking book (F7)</translation>
    </message>
    <message>
        <source>Quầy số {0} · {1}</source>
        <translation>Counter {0} · {1}</translation>
    </message>
    <message>
        <source>Quá hạn: {0}</source>
        <translation>Overdue: {0}</translation>
    </message>
    <message>
        <source>Sắp đến hạn: {0}</source>
        <translation>Due soon: {0}</translation>
    </message>
    <message>
        <source>Chưa quá hạn, hẹn trả trong hôm nay hoặc 2 ngày làm việc tới</source>
        <translation>Not overdue yet, due today or in the next 2 working days</translation>
    </message>
    <message>
        <source>Chờ trả: {0}</source>
        <translation>To return: {0}</translation>
    </message>
    <message>
        <source>Đã quét số thứ tự {0}.</source>
        <translation>Scanned queue ticket {0}.</translation>
    </message>
</context>
</TS>
