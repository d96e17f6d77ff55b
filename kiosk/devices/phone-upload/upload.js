// Enhances the upload form of the kiosk's phone page: sends the photo as soon as it is chosen
// and shows its progress. Without this script the form still posts. ES5 only, no framework:
// it must run on a 5-year-old Android browser and on iOS Safari.
(function () {
  'use strict';
  var form = document.getElementById('upload');
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var input = document.getElementById('photo');
  var send = document.getElementById('send');
  var progress = document.getElementById('progress');
  var status = document.getElementById('status');

  function show(text, refused) {
    status.textContent = text;
    status.className = refused ? 'status refused' : 'status';
  }

  send.className = 'hidden';
  input.addEventListener('change', function () {
    if (!input.files || input.files.length === 0) {
      return;
    }
    var data = new FormData();
    data.append('photo', input.files[0]);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action'));
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        progress.value = Math.round(100 * event.loaded / event.total);
      }
    };
    xhr.onload = function () {
      progress.className = 'hidden';
      input.disabled = false;
      input.value = '';
      show(xhr.responseText, xhr.status !== 200);
      if (xhr.getResponseHeader('X-Upload-Remaining') === '0') {
        form.className = 'hidden';
      }
    };
    xhr.onerror = function () {
      progress.className = 'hidden';
      input.disabled = false;
      show(form.getAttribute('data-failed'), true);
    };
    input.disabled = true;
    progress.value = 0;
    progress.className = '';
    show(form.getAttribute('data-sending'), false);
    xhr.send(data);
  });
}());
