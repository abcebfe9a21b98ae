;;; emacs.el --- drives Eglot, configured by README.md's block, through the editor checks  -*- lexical-binding: t -*-
;; Run by test/editors/emacs.test.ts as `emacs --batch -l emacs.el`.  Batch Emacs has no
;; command loop, so this file does the loop's part: it activates packages as interactive
;; startup does, runs `post-command-hook' after each command (Eglot connects there,
;; Flymake starts there), runs idle timers once each as the idle time passes (Eglot
;; sends didChange there), and waits with `read-event' so file notifications and
;; timers run.  Each check appends one JSON line {name, ok, detail} to $CW_RESULTS.

(require 'json)
(package-activate-all)                  ; what interactive startup does (elpa-eglot on Emacs 28)
(load (getenv "CW_BLOCK") nil t)        ; README.md's block, verbatim

(defvar cw-files (json-parse-string (getenv "CW_FILES") :object-type 'alist))
(defvar cw-results (getenv "CW_RESULTS"))
(defvar cw-timeout 20)
(setq eglot-sync-connect 10)

(defun cw-file (key) (alist-get key cw-files))

(defun cw-report (name ok detail)
  (let ((line (json-serialize (list :name name :ok (if ok t :false) :detail (or detail "")))))
    (with-temp-buffer
      (insert line "\n")
      (append-to-file (point-min) (point-max) cw-results))))

(defvar cw-command-time (float-time) "When the last command ended: idle time counts from here.")
(defvar cw-idle-fired nil "Idle timers already run in this idle period.")

(defun cw-command-done ()
  "What the command loop does after a command."
  (run-hooks 'post-command-hook)
  (setq cw-command-time (float-time) cw-idle-fired nil))

(defun cw-tick ()
  "One turn of the waiting command loop: due idle timers, timers, process output, file notifications.
Also `post-command-hook', as if the user moved the cursor meanwhile (Flymake may defer its start to it)."
  (run-hooks 'post-command-hook)
  (let ((idle (- (float-time) cw-command-time)))
    (dolist (timer (copy-sequence timer-idle-list))
      (when (and (not (memq timer cw-idle-fired)) (<= (float-time (timer--time timer)) idle))
        (push timer cw-idle-fired)
        (ignore-errors (timer-event-handler timer)))))
  (read-event nil nil 0.05))

(defun cw-wait (pred)
  (let ((end (+ (float-time) cw-timeout)) v)
    (while (and (not (setq v (ignore-errors (funcall pred)))) (< (float-time) end))
      (cw-tick))
    v))

(defun cw-diags ()
  "Flymake's diagnostics in this buffer as (CODE TYPE LINE)."
  (mapcar (lambda (d)
            (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
              (list (plist-get lsp :code) (flymake-diagnostic-type d)
                    (line-number-at-pos (flymake-diagnostic-beg d)))))
          (flymake-diagnostics)))

(defun cw-find (code) (assoc code (cw-diags)))
(defun cw-codes ()
  (format "%S (flymake=%s eglot-diags=%s report-fn=%s window=%s)" (cw-diags) (bound-and-true-p flymake-mode)
          (length (bound-and-true-p eglot--diagnostics)) (and (bound-and-true-p eglot--current-flymake-report-fn) t) (get-buffer-window)))

(defun cw-open (path)
  (find-file path)
  (cw-command-done)
  (current-buffer))

(defun cw-hover (line col)
  (save-excursion
    (goto-char (point-min))
    (forward-line line)
    (forward-char col)
    (let ((r (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                              (eglot--TextDocumentPositionParams))))
      (if r (eglot--hover-info (plist-get r :contents) (plist-get r :range)) ""))))

(defmacro cw-check (name &rest body)
  `(condition-case err (progn ,@body)
     (error (cw-report ,name nil (format "error: %S" err)))))

;; my.cnf: not an OpenSSL config, no server.
(cw-check "my.cnf is not mapped to the server"
  (with-current-buffer (cw-open (cw-file 'myCnf))
    (let ((end (+ (float-time) 1.5))) (while (< (float-time) end) (cw-tick)))
    (cw-report "my.cnf is not mapped to the server"
               (and (not (eq major-mode 'openssl-conf-mode)) (not (bound-and-true-p eglot--managed-mode)))
               (format "mode=%s managed=%s" major-mode (bound-and-true-p eglot--managed-mode)))))

(defvar cw-cnf (cw-open (cw-file 'cnf)))

(cw-check "openssl.cnf: diagnostics"
  (with-current-buffer cw-cnf
    (let ((ok (cw-wait (lambda () (and (cw-find "CNF-050") (cw-find "REQ-008"))))))
      (cw-report "openssl.cnf: diagnostics" (and ok (eq major-mode 'openssl-conf-mode))
                 (format "mode=%s %s" major-mode (cw-codes))))))

(cw-check "openssl.cnf: hover"
  (with-current-buffer cw-cnf
    (let ((text (cw-hover 3 3)))
      ;; Eglot without markdown-mode asks for plain text: no Markdown markers may show.
      (cw-report "openssl.cnf: hover"
                 (and (string-match-p "distinguished_name" text) (not (string-match-p "\\*\\*\\|\\\\[._-]" text)))
                 (substring text 0 (min 300 (length text)))))))

(cw-check "openssl.cnf: completion inserts plain text"
  (with-current-buffer cw-cnf
    (goto-char (point-max))
    (insert "[ v3_ca ]\nbasicConstraints = critical, CA:TRUE, pathl")
    (cw-command-done)
    (let ((completion-cycle-threshold nil))
      (completion-at-point))
    (cw-command-done)
    (let ((line (buffer-substring (line-beginning-position) (line-end-position))))
      (cw-report "openssl.cnf: completion inserts plain text"
                 (string-suffix-p "CA:TRUE, pathlen:0" line) line))))

(cw-check "openssl.cnf: quick fix applied"
  (with-current-buffer cw-cnf
    (let ((d (cw-find "REQ-008")))
      (unless d (error "no REQ-008: %s" (cw-codes)))
      (goto-char (point-min))
      (forward-line (1- (nth 2 d)))
      ;; Several quick fixes are offered (the fix, "Disable REQ-008 for this file"): pick the fix
      ;; by its title and let Eglot apply it, as choosing it from the menu would.
      (let ((fix (cl-find-if (lambda (a) (string-prefix-p "Add 'prompt = no'" (plist-get a :title)))
                             (eglot-code-actions (line-beginning-position) (line-end-position) "quickfix"))))
        (unless fix (error "no \"Add 'prompt = no'\" quick fix offered"))
        (eglot--read-execute-code-action (list fix) (eglot--current-server-or-lose) "quickfix"))
      (cw-command-done)
      (let ((ok (cw-wait (lambda () (and (save-excursion (goto-char (point-min)) (search-forward "prompt = no" nil t))
                                         (not (cw-find "REQ-008")))))))
        (cw-report "openssl.cnf: quick fix applied" ok (format "%s\n%s" (cw-codes) (buffer-string)))))))

(cw-check "openssl.cnf: severity from settings"
  (with-current-buffer cw-cnf
    (setq-default eglot-workspace-configuration '(:certwright (:rules (:CNF-050 "error"))))
    (eglot-signal-didChangeConfiguration (eglot--current-server-or-lose))
    (cw-command-done)
    (let ((ok (cw-wait (lambda () (eq (nth 1 (cw-find "CNF-050")) 'eglot-error)))))
      (cw-report "openssl.cnf: severity from settings" ok (cw-codes)))))

(cw-check "openssl.cnf: refreshed after the included file appears on disk"
  (with-current-buffer cw-cnf
    (with-temp-file (cw-file 'extraCnf) (insert "# created by the test\n"))
    (let ((ok (cw-wait (lambda () (and (not (cw-find "CNF-050")) (not (cw-find "REQ-008")))))))
      (cw-report "openssl.cnf: refreshed after the included file appears on disk" ok (cw-codes)))))

(defvar cw-pem (cw-open (cw-file 'pem)))
(cw-check "PEM: diagnostics and hover"
  (with-current-buffer cw-pem
    (let* ((ok (cw-wait (lambda () (cw-find "PEM-EXPIRING"))))
           (text (cw-hover 1 1)))
      (cw-report "PEM: diagnostics and hover"
                 (and ok (eq major-mode 'pem-mode) (string-match-p "Certificate — soon · " text) (not (string-match-p "\\*\\*" text)))
                 (format "mode=%s %s hover=%s" major-mode (cw-codes) (substring text 0 (min 200 (length text))))))))

(defvar cw-toml (cw-open (cw-file 'toml)))
(cw-check "DM TOML: diagnostics and hover"
  (with-current-buffer cw-toml
    (let* ((ok (cw-wait (lambda () (cw-find "DM-019"))))
           (text (cw-hover 4 2)))
      (cw-report "DM TOML: diagnostics and hover" (and ok (string-match-p "ssl-ca" text))
                 (format "mode=%s %s hover=%s" major-mode (cw-codes) (substring text 0 (min 200 (length text))))))))

(cw-check "DM TOML: the related places are in the message"
  ;; Eglot declares no publishDiagnostics.relatedInformation (and Flymake shows none): the
  ;; key and certificate of DM-019 must be named in the text Flymake shows.
  (with-current-buffer cw-toml
    (let* ((d (cl-find-if (lambda (d) (equal (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code) "DM-019"))
                          (flymake-diagnostics)))
           (text (if d (flymake-diagnostic-text d) "")))
      (cw-report "DM TOML: the related places are in the message"
                 (and (string-match-p (regexp-quote (concat (cw-file 'otherKey) ":1")) text)
                      (string-match-p (regexp-quote (concat (cw-file 'dmCert) ":1")) text))
                 text))))

(cw-check "DM TOML: refreshed after the certificate changes on disk"
  (with-current-buffer cw-toml
    (copy-file (cw-file 'otherCert) (cw-file 'dmCert) t)
    (let ((ok (cw-wait (lambda () (not (cw-find "DM-019"))))))
      (cw-report "DM TOML: refreshed after the certificate changes on disk" ok (cw-codes)))))

(defvar cw-key (cw-open (cw-file 'crdbKey)))
(cw-check "CockroachDB key: the chmod quick fix runs"
  (with-current-buffer cw-key
    (let ((d (cw-wait (lambda () (cw-find "CRDB-021")))))
      (unless d (error "no CRDB-021: %s" (cw-codes)))
      (goto-char (point-min))
      (forward-line (1- (nth 2 d)))
      ;; The fix is a code action with a command: Eglot sends it back with workspace/executeCommand.
      (let ((fix (cl-find-if (lambda (a) (string-match-p "0600" (plist-get a :title)))
                             (eglot-code-actions (line-beginning-position) (line-end-position) "quickfix"))))
        (unless fix (error "no \"Set node.key to 0600\" quick fix offered"))
        (eglot--read-execute-code-action (list fix) (eglot--current-server-or-lose) "quickfix"))
      (cw-command-done)
      (let ((ok (cw-wait (lambda () (and (= (logand (file-modes (cw-file 'crdbKey)) #o777) #o600) (not (cw-find "CRDB-021")))))))
        (cw-report "CockroachDB key: the chmod quick fix runs" ok
                   (format "mode=%o %s" (file-modes (cw-file 'crdbKey)) (cw-codes)))))))

;; The server's side of the conversation, for the log of a failing run.
(with-current-buffer cw-cnf
  (ignore-errors
    (with-current-buffer (jsonrpc-events-buffer (eglot--current-server-or-lose))
      (write-region (point-min) (point-max) (getenv "CW_EVENTS")))))
(ignore-errors (eglot-shutdown-all))
(kill-emacs 0)
