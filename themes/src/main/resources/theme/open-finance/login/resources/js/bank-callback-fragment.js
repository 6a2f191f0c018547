// The bank's answer is in the fragment, which browsers never send: post its parameters to the callback (same origin),
// after taking it out of the address bar and the history.
(function () {
    var answer = new URLSearchParams(window.location.hash.substring(1));
    var form = document.getElementById('bank-answer');
    history.replaceState(null, '', window.location.pathname);
    ['code', 'id_token', 'state', 'error'].forEach(function (name) {
        if (answer.has(name)) {
            var input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = answer.get(name);
            form.appendChild(input);
        }
    });
    form.submit();
})();
